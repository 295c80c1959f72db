// The integer reference's other layers, bit-exact with dev.convoy.fixedpoint. Storage types TX, TX2, TY
// (requant.cl); one work-item per output element.
#ifndef ADD_MODE
#define ADD_MODE 0
#endif
#pragma OPENCL FP_CONTRACT OFF   // onnx-mode add: (a·sa) + (b·sb) must round twice, as Java's float does

// Max pooling on raw integers; padding never wins. Geometry from geometry.cl.
__kernel void int_maxpool(__global const TX* x, __global TY* y, const int H, const int W, const int OH, const int OW) {
    const int ox = get_global_id(0), oy = get_global_id(1), plane = get_global_id(2);
    if (ox >= OW || oy >= OH) return;
    int best = INT_MIN;
    for (int ky = 0; ky < KH; ky++) {
        const int iy = oy * SH - PT + ky * DH;
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < KW; kx++) {
            const int ix = ox * SW - PL + kx * DW;
            if (ix >= 0 && ix < W) best = max(best, (int)x[(plane * H + iy) * W + ix]);
        }
    }
    y[(plane * OH + oy) * OW + ox] = (TY)best;
}

// An elementwise function as a table over the input format's integers.
__kernel void int_lut(__global const TX* x, __global const int* table, const int qmin, __global TY* y, const int count) {
    const int i = get_global_id(0);
    if (i < count) y[i] = (TY)table[(int)x[i] - qmin];
}

// Gather with a fill: y[s, i] = src[i] < 0 ? fill : x[s, src[i]] (padding in any mode, by index table).
__kernel void int_gather(__global const TX* x, __global const int* src, const int per_in, const int per_out, const int fill,
                         __global TY* y, const int count) {
    const int i = get_global_id(0);
    if (i >= count) return;
    const int s = i / per_out, j = src[i % per_out];
    y[i] = (TY)(j < 0 ? fill : (int)x[s * per_in + j]);
}

// Sum of two tensors in different formats (IntAddKernel's rules). ADD_MODE 0 onnx: dequantize both to
// float32, add, divide by the output scale (correctly rounded: built with -cl-fp32-correctly-rounded-divide-sqrt),
// round half to even. 1 tflite: inputs << left_shift, Q31-scaled, summed, rescaled. 2 shift: align to the
// finer fraction, add, shift_apply to the output format.
__kernel void int_add(__global const TX* a, __global const TX2* b, __global TY* y, const int count,
                      const float sa, const int za, const float sb, const int zb, const float sy, const int zy,
                      const int qmin, const int qmax, const int lo, const int hi,
                      const int left_shift, const int ma, const int sha, const int mb, const int shb, const int my, const int shy,
                      const int fa_up, const int fb_up, const int drop, const int width, const int rounding, const int overflow) {
    const int i = get_global_id(0);
    if (i >= count) return;
    const int qa = (int)a[i], qb = (int)b[i];
    int v;
#if ADD_MODE == 0
    const float s = (float)(qa - za) * sa + (float)(qb - zb) * sb;
    const float r = rint(s / sy);
    // |r| beyond the format saturates; clamping first keeps the conversion to int defined
    v = (int)clamp(r, (float)(qmin - zy) - 1.0f, (float)(qmax - zy) + 1.0f) + zy;
    v = clamp(v, qmin, qmax);
#elif ADD_MODE == 1
    const int xa = (int)tflite_apply((long)(int)((uint)(qa - za) << left_shift), ma, sha);   // wraps, as Java int
    const int xb = (int)tflite_apply((long)(int)((uint)(qb - zb) << left_shift), mb, shb);
    const long t = (long)tflite_apply((long)(int)((uint)xa + (uint)xb), my, shy) + zy;
    v = (int)clamp(t, (long)qmin, (long)qmax);
#else
    const long s = ((long)qa << fa_up) + ((long)qb << fb_up);
    v = (int)shift_apply(s, drop, width, rounding, overflow);
#endif
    y[i] = (TY)clamp(v, lo, hi);
}
