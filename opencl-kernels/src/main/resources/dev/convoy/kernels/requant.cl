// Requantization rules, bit-exact with dev.convoy.arith (Java): the integer reference defines them.
//   REQUANT_MODE 0 = onnx   (float32 scale, ties to even: ONNX Runtime's QLinearConv)
//   REQUANT_MODE 1 = tflite (Q31 multiplier + shift, gemmlowp double rounding; 64-bit overload when WIDE)
//   REQUANT_MODE 2 = shift  (power of two with an ap_fixed rounding and overflow mode)
#ifndef REQUANT_MODE
#define REQUANT_MODE 0
#endif
#ifndef WIDE
#define WIDE 0          // 1: 16-bit formats (TFLite's int64 MultiplyByQuantizedMultiplier overload)
#endif

// gemmlowp SaturatingRoundingDoublingHighMul
inline int srdhm(int a, int b) {
    if (a == INT_MIN && b == INT_MIN) return INT_MAX;
    long ab = (long)a * (long)b;
    long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
    return (int)((ab + nudge) / (1L << 31));   // C division truncates toward zero, as in gemmlowp
}

// gemmlowp RoundingDivideByPOT: round half away from zero
inline int rdbpot(int x, int e) {
    int mask = (int)((1L << e) - 1);
    int rem = x & mask;
    int thr = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> e) + (rem > thr ? 1 : 0);
}

inline long tflite_apply(long acc, int mult, int shift) {
#if WIDE
    long reduced = mult < 0x7FFF0000 ? ((long)mult + (1 << 15)) >> 16 : 0x7FFF;
    int total = 15 - shift;
    long r = total <= 0 ? (acc * reduced) << (-total) : (acc * reduced + (1L << (total - 1))) >> total;
    return clamp(r, (long)INT_MIN, (long)INT_MAX);
#else
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    return rdbpot(srdhm((int)acc * (1 << left), mult), right);
#endif
}

// ap_fixed rounding of v / 2^bits: 0 TRN, 1 TRN_ZERO, 2 RND, 3 RND_ZERO, 4 RND_MIN_INF, 5 RND_INF, 6 RND_CONV
inline long round_shift(long v, int bits, int mode) {
    if (bits == 0) return v;
    long t = v >> bits;
    int qb = (int)((v >> (bits - 1)) & 1);
    int r = (v & ((1L << (bits - 1)) - 1)) != 0;
    int neg = v < 0;
    int inc;
    switch (mode) {
        case 0: inc = 0; break;
        case 1: inc = neg && (qb || r); break;
        case 2: inc = qb; break;
        case 3: inc = qb && (neg || r); break;
        case 4: inc = qb && r; break;
        case 5: inc = qb && (!neg || r); break;
        default: inc = qb && ((t & 1) || r); break;
    }
    return t + inc;
}

// ap_fixed overflow into a signed W-bit integer: 0 WRAP, 1 SAT, 2 SAT_ZERO, 3 SAT_SYM
inline long overflow_fit(long v, int width, int mode) {
    long max = (1L << (width - 1)) - 1;
    long min = -max - 1;
    switch (mode) {
        case 0: return (v << (64 - width)) >> (64 - width);
        case 1: return clamp(v, min, max);
        case 2: return (v < min || v > max) ? 0 : v;
        default: return clamp(v, -max, max);
    }
}

// FixedPoint.fromRaw for the drops requantization uses (0 <= drop <= 62; negative drops shift left)
inline long shift_apply(long acc, int drop, int width, int rounding, int overflow) {
    long v;
    if (drop > 0) {
        v = round_shift(acc, drop, rounding);
    } else if (drop < 0) {
        int up = -drop;
        if (overflow == 0) v = acc << up;
        else v = (up >= 63 || (acc > (LONG_MAX >> up)) || (acc < -(LONG_MAX >> up))) ? (acc > 0 ? LONG_MAX : -LONG_MAX) : acc << up;
    } else {
        v = acc;
    }
    return overflow_fit(v, width, overflow);
}

// Storage types of the integer tensors (-D TX, TX2 inputs, TY output): the narrowest of char, uchar, short,
// int that holds the value's format. Arithmetic is always on int/long.
#ifndef TX
#define TX int
#endif
#ifndef TX2
#define TX2 int
#endif
#ifndef TY
#define TY int
#endif

// The output stage of an integer convolution: requantize the accumulator of channel c by REQUANT_MODE,
// add the output zero point, clamp to [lo, hi] (the format's range, narrowed by a fused ReLU).
inline int output_stage(long acc, float scale, int mult, int shift, int out_zp, int lo, int hi,
                        int drop, int width, int rounding, int overflow) {
    long r;
#if REQUANT_MODE == 0
    r = (long)rint(convert_float_rte(acc) * scale);
#elif REQUANT_MODE == 1
    r = tflite_apply(acc, mult, shift);
#else
    r = shift_apply(acc, drop, width, rounding, overflow);
#endif
    return (int)clamp(r + out_zp, (long)lo, (long)hi);
}
