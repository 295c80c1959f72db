// fp32 elementwise layers on same-shaped tensors, with the fused activation of activation_f32.cl.
// -D OP: 0 add, 1 subtract, 2 multiply, 3 divide, 4 maximum, 5 minimum.
#ifndef OP
#define OP 0
#endif

__kernel void binary_f32(__global const float* restrict a, __global const float* restrict b,
                         __global float* restrict y, const int size) {
    const int i = get_global_id(0);
    if (i >= size) return;
#if OP == 0
    const float v = a[i] + b[i];
#elif OP == 1
    const float v = a[i] - b[i];
#elif OP == 2
    const float v = a[i] * b[i];
#elif OP == 3
    const float v = a[i] / b[i];
#elif OP == 4
    const float v = fmax(a[i], b[i]);
#else
    const float v = fmin(a[i], b[i]);
#endif
    y[i] = activate(v);
}

__kernel void activation_f32(__global const float* restrict x, __global float* restrict y, const int size) {
    const int i = get_global_id(0);
    if (i < size) y[i] = activate(x[i]);
}

// A tensor with a constant broadcast over it: one value (cdim = 1) or one per channel (inner = H·W),
// y[i] = a[i] OP c[(i / inner) % cdim] — input normalisation, per-channel scales.
__kernel void binary_const_f32(__global const float* restrict a, __global const float* restrict c,
                               __global float* restrict y, const int size, const int inner, const int cdim) {
    const int i = get_global_id(0);
    if (i >= size) return;
    const float b = c[(i / inner) % cdim];
#if OP == 0
    const float v = a[i] + b;
#elif OP == 1
    const float v = a[i] - b;
#elif OP == 2
    const float v = a[i] * b;
#elif OP == 3
    const float v = a[i] / b;
#elif OP == 4
    const float v = fmax(a[i], b);
#else
    const float v = fmin(a[i], b);
#endif
    y[i] = activate(v);
}
