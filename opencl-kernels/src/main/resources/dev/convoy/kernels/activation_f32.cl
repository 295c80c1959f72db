// Fused activations of the fp32 kernels, chosen at build time:
//   ACT 0 none, 1 ReLU, 2 Clip(ACT_MIN, ACT_MAX), 3 LeakyReLU(ACT_ALPHA), 4 Sigmoid
#ifndef ACT
#define ACT 0
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
