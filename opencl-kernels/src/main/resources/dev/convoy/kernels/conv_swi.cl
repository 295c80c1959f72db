// FPGA kernel set (with requant.cl and int_ops.cl): single work-item kernels in PipeCNN's style, every
// layer dimension a runtime argument, so one offline board build (Intel aoc, Xilinx v++) serves every
// layer of every model of its format. Baked at build time: TX = TX2 = TY (the storage type),
// REQUANT_MODE, ADD_MODE, PER_CHANNEL — and convoy_manifest reports them so the host can refuse a
// binary built for another format. Loops are plain counted loops an HLS compiler pipelines; the innermost
// tap loop is unrolled by VEC (PipeCNN's VEC_SIZE) with zero-weight padding handled by the bounds check.
#ifndef VEC
#define VEC 4
#endif
#define CONVOY_FPGA_INTERFACE 1   // bump when an argument list below changes

// out[0] interface version, [1] bytes of the storage type, [2] REQUANT_MODE, [3] ADD_MODE, [4] PER_CHANNEL, [5] VEC
__kernel void convoy_manifest(__global int* out) {
    out[0] = CONVOY_FPGA_INTERFACE;
    out[1] = (int)sizeof(TY);
    out[2] = REQUANT_MODE;
    out[3] = ADD_MODE;
    out[4] = PER_CHANNEL;
    out[5] = VEC;
}

// Integer convolution of n samples: the arithmetic of conv_int.cl (64-bit accumulator, padding taps 0,
// output_stage), as one task.
__kernel void conv_swi(__global const TX* restrict x, __global const int* restrict w, __global const long* restrict bias,
                       __global const float* restrict scale, __global const int* restrict mult, __global const int* restrict shift,
                       __global TY* restrict y, const int n,
                       const int C, const int H, const int W, const int M, const int OH, const int OW, const int groups,
                       const int kh, const int kw, const int sh, const int sw, const int dh, const int dw, const int pt, const int pl,
                       const int zp, const int out_zp, const int lo, const int hi,
                       const int drop, const int width, const int rounding, const int overflow) {
    const int cg = C / groups, mg = M / groups, taps = cg * kh * kw;
    for (int b = 0; b < n; b++) {
        for (int m = 0; m < M; m++) {
            const int g = m / mg, c = PER_CHANNEL ? m : 0;
            for (int oy = 0; oy < OH; oy++) {
                for (int ox = 0; ox < OW; ox++) {
                    long acc = bias[m];
                    for (int k0 = 0; k0 < taps; k0 += VEC) {
                        long part = 0;
                        #pragma unroll
                        for (int j = 0; j < VEC; j++) {
                            const int k = k0 + j;
                            const int ic = k / (kh * kw), ky = k / kw % kh, kx = k % kw;
                            const int iy = oy * sh - pt + ky * dh, ix = ox * sw - pl + kx * dw;
                            const int inside = k < taps && iy >= 0 && iy < H && ix >= 0 && ix < W;
                            const int v = inside ? (int)x[((b * C + g * cg + ic) * H + iy) * W + ix] - zp : 0;
                            part += inside ? (long)w[m * taps + k] * v : 0;
                        }
                        acc += part;
                    }
                    y[((b * M + m) * OH + oy) * OW + ox] =
                        (TY)output_stage(acc, scale[c], mult[c], shift[c], out_zp, lo, hi, drop, width, rounding, overflow);
                }
            }
        }
    }
}

// Max pooling of `planes` [H, W] planes, as one task; padding never wins.
__kernel void maxpool_swi(__global const TX* restrict x, __global TY* restrict y, const int planes, const int H, const int W,
                          const int OH, const int OW, const int kh, const int kw, const int sh, const int sw,
                          const int dh, const int dw, const int pt, const int pl) {
    for (int p = 0; p < planes; p++) {
        for (int oy = 0; oy < OH; oy++) {
            for (int ox = 0; ox < OW; ox++) {
                int best = INT_MIN;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        const int iy = oy * sh - pt + ky * dh, ix = ox * sw - pl + kx * dw;
                        if (iy >= 0 && iy < H && ix >= 0 && ix < W) best = max(best, (int)x[(p * H + iy) * W + ix]);
                    }
                }
                y[(p * OH + oy) * OW + ox] = (TY)best;
            }
        }
    }
}
