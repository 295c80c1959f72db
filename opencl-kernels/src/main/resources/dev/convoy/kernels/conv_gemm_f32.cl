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

__kernel __attribute__((reqd_work_group_size(WX, WY, 1)))
void conv_gemm_f32(__global const float* restrict x, __global const float* restrict w,
                   __global const float* restrict bias, __global float* restrict y,
                   const int C, const int H, const int W, const int M, const int OH, const int OW,
                   const int groups, const int N) {
    __local float As[TK][TM + 1];   // +1: a column of A is written by consecutive work-items without bank conflicts
    __local float Bs[TK][TN];
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
    const __global float* wg = w + (long)(g * Mg + m0) * K;

    float acc[RM][RN];
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++)
            acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += TK) {
        for (int l = 0; l < A_LOADS; l++) {
            const int e = tid + l * WG;
            const int ak = e % TK, am = e / TK;
            As[ak][am] = (m0 + am < Mg && k0 + ak < K) ? wg[(long)am * K + k0 + ak] : 0.0f;
        }
        for (int l = 0; l < B_LOADS; l++) {
            const int bk = brow + l * B_ROWS;
            const int k = k0 + bk;
            const int c = k / KK, r = k - c * KK;
            const int ky = r / KW, kx = r - ky * KW;
            const int iy = iy0 + ky * DH, ix = ix0 + kx * DW;
            Bs[bk][bcol] = (nvalid && k < K && iy >= 0 && iy < H && ix >= 0 && ix < W) ? xg[(c * H + iy) * W + ix] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TK; kk++) {
            float a[RM], b[RN];
            for (int i = 0; i < RM; i++) a[i] = As[kk][ty + i * WY];
            for (int j = 0; j < RN; j++) b[j] = Bs[kk][tx + j * WX];
            for (int i = 0; i < RM; i++)
                for (int j = 0; j < RN; j++)
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    for (int j = 0; j < RN; j++) {
        const int on = n0 + tx + j * WX;
        if (on >= N) continue;
        const int ob = on / OHW, op = on - ob * OHW;
        for (int i = 0; i < RM; i++) {
            const int m = m0 + ty + i * WY;
            if (m >= Mg) continue;
            const int mm = g * Mg + m;
            y[((long)ob * M + mm) * OHW + op] = activate(acc[i][j] + bias[mm]);
        }
    }
}
