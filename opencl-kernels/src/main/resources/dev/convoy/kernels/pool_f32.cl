// fp32 pooling, one work-item per output element, as the fp32 reference: max ignores padding; average
// divides by the in-image taps, or with COUNT_PAD by the taps inside the padded image.
// -D: MAXPOOL (1 max, 0 average), COUNT_PAD, PB, PR (padding bottom/right); the window from geometry.cl.
#ifndef MAXPOOL
#define MAXPOOL 1
#endif
#ifndef COUNT_PAD
#define COUNT_PAD 0
#endif
#ifndef PB
#define PB 0
#endif
#ifndef PR
#define PR 0
#endif

__kernel void pool_f32(__global const float* restrict x, __global float* restrict y,
                       const int H, const int W, const int OH, const int OW) {
    const int ox = get_global_id(0), oy = get_global_id(1), plane = get_global_id(2);
    if (ox >= OW || oy >= OH) return;
    const __global float* xp = x + (long)plane * H * W;
    float acc = MAXPOOL ? -INFINITY : 0.0f;
    int inside = 0, padded = 0;
    for (int ky = 0; ky < KH; ky++) {
        const int iy = oy * SH - PT + ky * DH;
        for (int kx = 0; kx < KW; kx++) {
            const int ix = ox * SW - PL + kx * DW;
            if (iy >= -PT && iy < H + PB && ix >= -PL && ix < W + PR) padded++;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            const float v = xp[iy * W + ix];
            inside++;
            acc = MAXPOOL ? fmax(acc, v) : acc + v;
        }
    }
    y[((long)plane * OH + oy) * OW + ox] = MAXPOOL ? acc : acc / (float)(COUNT_PAD ? padded : inside);
}

// Global pooling over each plane, summed in the reference's row-major order: one work-item per plane.
__kernel void global_pool_f32(__global const float* restrict x, __global float* restrict y, const int HW) {
    const int plane = get_global_id(0);
    const __global float* xp = x + (long)plane * HW;
    float acc = MAXPOOL ? -INFINITY : 0.0f;
    for (int i = 0; i < HW; i++) acc = MAXPOOL ? fmax(acc, xp[i]) : acc + xp[i];
    y[plane] = MAXPOOL ? acc : acc / (float)HW;
}
