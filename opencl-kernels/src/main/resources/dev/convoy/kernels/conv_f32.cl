// fp32 convolution, one work-item per output element, in the fp32 reference's order: taps summed over
// input channel, kernel row, kernel column, then the bias, then the fused activation.
// Geometry as in conv_int.cl (KH, KW, SH, SW, DH, DW, PT, PL); activation:
#ifndef ACT
#define ACT 0           // 0 none, 1 ReLU, 2 Clip(ACT_MIN, ACT_MAX), 3 LeakyReLU(ACT_ALPHA), 4 Sigmoid
#endif
#ifndef ACT_MIN
#define ACT_MIN 0.0f
#endif
#ifndef ACT_MAX
#define ACT_MAX 6.0f
#endif
#ifndef ACT_ALPHA
#define ACT_ALPHA 0.01f
#endif
#ifndef KH
#define KH 3
#endif
#ifndef KW
#define KW 3
#endif
#ifndef SH
#define SH 1
#endif
#ifndef SW
#define SW 1
#endif
#ifndef DH
#define DH 1
#endif
#ifndef DW
#define DW 1
#endif
#ifndef PT
#define PT 0
#endif
#ifndef PL
#define PL 0
#endif

inline float activate(float v) {
#if ACT == 1
    return v > 0.0f ? v : 0.0f;
#elif ACT == 2
    return v < ACT_MIN ? ACT_MIN : (v > ACT_MAX ? ACT_MAX : v);
#elif ACT == 3
    return v >= 0.0f ? v : ACT_ALPHA * v;
#elif ACT == 4
    return 1.0f / (1.0f + exp(-v));
#else
    return v;
#endif
}

__kernel void conv_f32(__global const float* x, __global const float* w, __global const float* bias, __global float* y,
                       const int C, const int H, const int W, const int M, const int OH, const int OW, const int groups) {
    const int ox = get_global_id(0);
    const int oy = get_global_id(1);
    const int bm = get_global_id(2);
    if (ox >= OW || oy >= OH) return;
    const int m = bm % M, b = bm / M;
    const int cg = C / groups, mg = M / groups, g = m / mg;
    float acc = 0.0f;
    for (int ic = 0; ic < cg; ic++) {
        const int plane = (b * C + g * cg + ic) * H * W;
        const int wbase = (m * cg + ic) * KH * KW;
        for (int ky = 0; ky < KH; ky++) {
            const int iy = oy * SH - PT + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (int kx = 0; kx < KW; kx++) {
                const int ix = ox * SW - PL + kx * DW;
                if (ix < 0 || ix >= W) continue;
                acc += w[wbase + ky * KW + kx] * x[plane + iy * W + ix];
            }
        }
    }
    y[((b * M + m) * OH + oy) * OW + ox] = activate(acc + bias[m]);
}
