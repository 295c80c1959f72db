// Integer convolution on 8-bit signed activations and weights through 4-way dot products, 32-bit
// accumulation. The host has padded every tap row to a multiple of 4 with zero weights, folded
// −zp · Σw into the bias (so padding taps read the zero point and contribute w · (zp − zp) = 0), and
// proved Σ|w| · 128 < 2^31 for every channel, so the int32 accumulator is exact and the result equals
// conv_int.cl's 64-bit one bit for bit. One work-item per output element; geometry from geometry.cl.
//
// DOT 0: portable char4 → int4 multiply and sum; 1: cl_khr_integer_dot_product's dot();
//     2: NVIDIA dp4a through inline PTX. The host picks by probing the device (DotProduct.java).
#ifndef DOT
#define DOT 0
#endif
#ifndef PER_CHANNEL
#define PER_CHANNEL 1
#endif
#if DOT == 1
#pragma OPENCL EXTENSION cl_khr_integer_dot_product : enable
#endif

inline int dot_acc(char4 a, char4 b, int acc) {
#if DOT == 1
    return acc + dot(a, b);
#elif DOT == 2
    int d;
    asm("dp4a.s32.s32 %0, %1, %2, %3;" : "=r"(d) : "r"(as_int(a)), "r"(as_int(b)), "r"(acc));
    return d;
#else
    int4 p = convert_int4(a) * convert_int4(b);
    return acc + p.x + p.y + p.z + p.w;
#endif
}

// Probe kernel: out[i] = dot_acc(a[i], b[i], c[i]), checked against Java on the host before DOT is trusted.
__kernel void dot_probe(__global const char4* a, __global const char4* b, __global const int* c, __global int* out) {
    const int i = get_global_id(0);
    out[i] = dot_acc(a[i], b[i], c[i]);
}

__kernel void conv_q8(__global const char* x, __global const char4* w, __global const int4* taps,
                      __global const long* bias,
                      __global const float* scale, __global const int* mult, __global const int* shift,
                      __global TY* y,
                      const int C, const int H, const int W, const int M, const int OH, const int OW, const int groups,
                      const int K4, const int zp, const int out_zp, const int lo, const int hi,
                      const int drop, const int width, const int rounding, const int overflow) {
    const int ox = get_global_id(0);
    const int oy = get_global_id(1);
    const int bm = get_global_id(2);
    if (ox >= OW || oy >= OH) return;
    const int m = bm % M, b = bm / M;
    const int cg = C / groups, mg = M / groups, g = m / mg;
    const int iy0 = oy * SH - PT, ix0 = ox * SW - PL;
    __global const char* xg = x + (b * C + g * cg) * H * W;
    __global const char4* wm = w + m * (K4 / 4);
    const char pad = (char)zp;
    int acc = 0;
    for (int k = 0; k < K4 / 4; k++) {
        char v[4];
        for (int j = 0; j < 4; j++) {
            const int4 t = taps[4 * k + j];             // (input channel, dy, dx, real tap)
            const int iy = iy0 + t.y, ix = ix0 + t.z;
            v[j] = (t.w && iy >= 0 && iy < H && ix >= 0 && ix < W) ? xg[(t.x * H + iy) * W + ix] : pad;
        }
        acc = dot_acc(wm[k], (char4)(v[0], v[1], v[2], v[3]), acc);
    }
    const int c = PER_CHANNEL ? m : 0;
    y[((b * M + m) * OH + oy) * OW + ox] =
        (TY)output_stage((long)acc + bias[m], scale[c], mult[c], shift[c], out_zp, lo, hi, drop, width, rounding, overflow);
}
