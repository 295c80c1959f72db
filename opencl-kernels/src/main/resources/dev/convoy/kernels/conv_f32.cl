// fp32 direct convolution, one work-item per output element, in the fp32 reference's order: taps summed
// over input channel, kernel row, kernel column, then the bias, then the fused activation (activation_f32.cl).
// Used for grouped and depthwise convolutions, where a GEMM tile would sit mostly empty.
// Geometry: geometry.cl.

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
