// Integer convolution, one work-item per output element: acc = bias + Σ w · (x − zp) in 64 bits over
// the in-image taps (padding contributes 0), then output_stage (requant.cl). Any storage width, any
// accumulator size: the general path. Geometry from geometry.cl; further -D options:
#ifndef PER_CHANNEL
#define PER_CHANNEL 1   // 1: one requantizer per output channel; 0: one for the layer
#endif

__kernel void conv_int(__global const TX* x, __global const int* w, __global const long* bias,
                       __global const float* scale, __global const int* mult, __global const int* shift,
                       __global TY* y,
                       const int C, const int H, const int W, const int M, const int OH, const int OW, const int groups,
                       const int zp, const int out_zp, const int lo, const int hi,
                       const int drop, const int width, const int rounding, const int overflow) {
    const int ox = get_global_id(0);
    const int oy = get_global_id(1);
    const int bm = get_global_id(2);        // sample · M + output channel
    if (ox >= OW || oy >= OH) return;
    const int m = bm % M, b = bm / M;
    const int cg = C / groups, mg = M / groups, g = m / mg;
    long acc = bias[m];
    for (int ic = 0; ic < cg; ic++) {
        const int plane = (b * C + g * cg + ic) * H * W;
        const int wbase = (m * cg + ic) * KH * KW;
        for (int ky = 0; ky < KH; ky++) {
            const int iy = oy * SH - PT + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (int kx = 0; kx < KW; kx++) {
                const int ix = ox * SW - PL + kx * DW;
                if (ix < 0 || ix >= W) continue;
                acc += (long)w[wbase + ky * KW + kx] * (long)((int)x[plane + iy * W + ix] - zp);
            }
        }
    }
    const int c = PER_CHANNEL ? m : 0;
    y[((b * M + m) * OH + oy) * OW + ox] =
        (TY)output_stage(acc, scale[c], mult[c], shift[c], out_zp, lo, hi, drop, width, rounding, overflow);
}
