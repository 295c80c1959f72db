// fp32 convolution as an implicit GEMM, register-tiled (the structure of CLBlast's xgemm and of cuDNN's
// implicit-GEMM algorithm): per group, Y[m][n] = Σ_k W[m][k] · X̂[k][n] with m an output channel,
// n = (sample, oy, ox) and k = (input channel, ky, kx). X̂ (im2col) is never stored: each work-group
// gathers its TK×TN slice of it from the input straight into local memory. Fully-connected layers run here
// too, as 1×1 convolutions of a 1×1 image.
//
// Tile parameters (-D, from the Plan or the tuning database):
//   TM, TN  output tile of one work-group: channels × columns
//   TK      depth of one local-memory step
//   RM, RN  outputs per work-item (register tile); work-group = (TN/RN) × (TM/RM) work-items
// Host-checked: (TN/RN)·(TM/RM) divisible by TN, and TK·TN, TK·TM divisible by the work-group size.
//
// Weights arrive transposed, wt[group][k][m] (the host does it once at load), so a work-group's TK×TM slice
// is read with consecutive work-items on consecutive m: coalesced in global memory, conflict-free in local.
// Two local buffers: while the work-group multiplies one TK step, the next step's loads are already in
// flight into registers (CLBlast's and cuBLAS's prefetch), so global latency hides behind the FMAs and each
// step needs one barrier. (Measured on an H100 over the ResNet suite: the prefetch gains up to 14 % per
// layer; float4 local reads with contiguous per-work-item rows lost up to 25 %, so the reads stay strided.)
// Geometry: geometry.cl. Activation: activation_f32.cl.
#ifndef TM
#define TM 64
#endif
#ifndef TN
#define TN 64
#endif
#ifndef TK
#define TK 16
#endif
#ifndef RM
#define RM 4
#endif
#ifndef RN
#define RN 4
#endif

#define KK (KH * KW)
#define WX (TN / RN)
#define WY (TM / RM)
#define WG (WX * WY)
#define B_ROWS (WG / TN)            // rows of the X̂ slice one pass of the work-group loads
#define A_LOADS (TM * TK / WG)
#define B_LOADS (TK * TN / WG)

// row (column) of the work-group tile that register i (j) of work-item ty (tx) holds: strided, so that
// consecutive work-items read consecutive words of local memory and write consecutive output pixels
#define ROW(i) ((i) * WY + ty)
#define COL(j) ((j) * WX + tx)

__kernel __attribute__((reqd_work_group_size(WX, WY, 1)))
void conv_gemm_f32(__global const float* restrict x, __global const float* restrict wt,
                   __global const float* restrict bias, __global float* restrict y,
                   const int C, const int H, const int W, const int M, const int OH, const int OW,
                   const int groups, const int N) {
    __local float As[2][TK * TM];
    __local float Bs[2][TK * TN];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int tid = ty * WX + tx;
    const int n0 = get_group_id(0) * TN, m0 = get_group_id(1) * TM, g = get_group_id(2);
    const int Cg = C / groups, Mg = M / groups, K = Cg * KK, OHW = OH * OW;

    // this work-item's column of X̂: fixed for the whole k loop, so its (sample, oy, ox) is decoded once
    const int bcol = tid % TN, brow = tid / TN;
    const int n = n0 + bcol;
    const int nb = n / OHW, np = n - nb * OHW;
    const int oy = np / OW, ox = np - oy * OW;
    const int iy0 = oy * SH - PT, ix0 = ox * SW - PL;
    const bool nvalid = n < N;
    const __global float* xg = x + ((long)nb * C + g * Cg) * H * W;
    const __global float* wg = wt + (long)g * K * Mg;

    float ra[A_LOADS], rb[B_LOADS];
    float acc[RM][RN];
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++)
            acc[i][j] = 0.0f;

#define LOAD(k0)                                                                                         \
    for (int l = 0; l < A_LOADS; l++) {                                                                  \
        const int e = tid + l * WG;                                                                      \
        const int am = e % TM, ak = e / TM;                                                              \
        ra[l] = (m0 + am < Mg && (k0) + ak < K) ? wg[(long)((k0) + ak) * Mg + m0 + am] : 0.0f;           \
    }                                                                                                    \
    for (int l = 0; l < B_LOADS; l++) {                                                                  \
        const int k = (k0) + brow + l * B_ROWS;                                                          \
        const int c = k / KK, r = k - c * KK;                                                            \
        const int ky = r / KW, kx = r - ky * KW;                                                         \
        const int iy = iy0 + ky * DH, ix = ix0 + kx * DW;                                                \
        rb[l] = (nvalid && k < K && iy >= 0 && iy < H && ix >= 0 && ix < W) ? xg[(c * H + iy) * W + ix] : 0.0f; \
    }
#define STORE(buf)                                                                                       \
    for (int l = 0; l < A_LOADS; l++)                                                                    \
        As[buf][tid + l * WG] = ra[l]; /* = As[ak][am] as LOAD split e */                              \
    for (int l = 0; l < B_LOADS; l++)                                                                    \
        Bs[buf][(brow + l * B_ROWS) * TN + bcol] = rb[l];

    LOAD(0)
    STORE(0)
    barrier(CLK_LOCAL_MEM_FENCE);
    int cur = 0;
    for (int k0 = 0; k0 < K; k0 += TK) {
        const bool more = k0 + TK < K;
        if (more) {
            LOAD(k0 + TK)
        }
        const __local float* a0 = As[cur];
        const __local float* b0 = Bs[cur];
#pragma unroll
        for (int kk = 0; kk < TK; kk++) {
            float a[RM], b[RN];
            for (int i = 0; i < RM; i++) a[i] = a0[kk * TM + ROW(i)];
            for (int j = 0; j < RN; j++) b[j] = b0[kk * TN + COL(j)];
            for (int i = 0; i < RM; i++)
                for (int j = 0; j < RN; j++)
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        if (more) {
            STORE(cur ^ 1)
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        cur ^= 1;
    }

    for (int j = 0; j < RN; j++) {
        const int on = n0 + COL(j);
        if (on >= N) continue;
        const int ob = on / OHW, op = on - ob * OHW;
        for (int i = 0; i < RM; i++) {
            const int m = m0 + ROW(i);
            if (m >= Mg) continue;
            const int mm = g * Mg + m;
            y[((long)ob * M + mm) * OHW + op] = activate(acc[i][j] + bias[mm]);
        }
    }
}
