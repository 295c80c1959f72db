package dev.convoy.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each rule against a plain BigInteger/BigDecimal statement of the same rule, over millions of random
 * inputs weighted toward the edges (ties, extremes, small magnitudes).
 */
class ArithPropertyTest {
    private static final int N = 2_000_000;
    private static final BigInteger TWO31 = BigInteger.ONE.shiftLeft(31);

    private static int edgyInt(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(-300, 300);
            case 1 -> r.nextBoolean() ? Integer.MIN_VALUE + r.nextInt(3) : Integer.MAX_VALUE - r.nextInt(3);
            case 2 -> (r.nextInt(-64, 64)) << r.nextInt(0, 25); // tie-prone multiples of powers of two
            default -> r.nextInt();
        };
    }

    /** round(v) with ties toward +∞, as floor(v + ½). */
    private static BigInteger halfUp(BigDecimal v) {
        return v.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    @Test
    void srdhmIsRoundHalfUpOfTheDoubledHighProduct() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < N; i++) {
            int a = edgyInt(r), b = edgyInt(r);
            BigInteger expected = a == Integer.MIN_VALUE && b == Integer.MIN_VALUE ? BigInteger.valueOf(Integer.MAX_VALUE)
                    : halfUp(new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))).divide(new BigDecimal(TWO31)));
            assertEquals(expected.intValueExact(), QuantizedMultiplier.srdhm(a, b), a + "*" + b);
        }
    }

    @Test
    void rdbpotIsRoundHalfAwayFromZero() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < N; i++) {
            int x = edgyInt(r), e = r.nextInt(0, 32);
            BigInteger expected = new BigDecimal(x).divide(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                    .setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
            assertEquals(expected.intValueExact(), QuantizedMultiplier.rdbpot(x, e), x + ">>" + e);
        }
    }

    @Test
    void multiplyByQuantizedMultiplierRoundsTwice() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < N; i++) {
            int m = r.nextInt(1 << 30, Integer.MAX_VALUE);
            int shift = r.nextInt(-31, 8);
            int x = r.nextInt(6) == 0 ? edgyInt(r) : r.nextInt(-(1 << 20), 1 << 20);
            int left = Math.max(shift, 0), right = Math.max(-shift, 0);
            int shifted = x * (1 << left); // int32 wrap, as the C++ does
            BigInteger first = halfUp(new BigDecimal(BigInteger.valueOf(shifted).multiply(BigInteger.valueOf(m)))
                    .divide(new BigDecimal(TWO31)));
            int firstInt = shifted == Integer.MIN_VALUE && m == Integer.MIN_VALUE ? Integer.MAX_VALUE : first.intValueExact();
            BigInteger expected = new BigDecimal(firstInt).divide(new BigDecimal(BigInteger.ONE.shiftLeft(right)))
                    .setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
            assertEquals(expected.intValueExact(), new QuantizedMultiplier(m, shift).apply(x), x + " " + m + " " + shift);
        }
    }

    @Test
    void quantizeMultiplierRoundsTheMantissaHalfAway() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < N / 4; i++) {
            double m = Math.scalb(1 + r.nextDouble(), r.nextInt(-40, 10));
            QuantizedMultiplier q = QuantizedMultiplier.of(m);
            if (q.multiplier() == 0) {
                continue;
            }
            // statement: q·2^(shift−31) is m's 31-bit mantissa rounded half away, carry renormalised
            BigDecimal exact = new BigDecimal(m);
            int exp = Math.getExponent(m) + 1;
            BigDecimal scaled = exp >= 31 ? exact.divide(new BigDecimal(BigInteger.ONE.shiftLeft(exp - 31)))
                    : exact.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(31 - exp)));
            BigInteger mant = scaled.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
            int expectedShift = exp;
            if (mant.equals(TWO31)) {
                mant = mant.shiftRight(1);
                expectedShift++;
            }
            assertEquals(mant.intValueExact(), q.multiplier(), "m=" + m);
            assertEquals(expectedShift, q.shift(), "m=" + m);
        }
    }

    private static RoundingMode bigMode(Rounding q) {
        return switch (q) {
            case TRN -> RoundingMode.FLOOR;
            case TRN_ZERO -> RoundingMode.DOWN;
            case RND_ZERO -> RoundingMode.HALF_DOWN;
            case RND_INF -> RoundingMode.HALF_UP;
            case RND_CONV -> RoundingMode.HALF_EVEN;
            default -> null; // RND and RND_MIN_INF have no BigDecimal mode: stated directly below
        };
    }

    private static BigInteger round(BigDecimal v, Rounding q) {
        return switch (q) {
            case RND -> v.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            case RND_MIN_INF -> v.subtract(new BigDecimal("0.5")).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
            default -> v.setScale(0, bigMode(q)).toBigIntegerExact();
        };
    }

    private static BigInteger overflow(BigInteger v, int w, Overflow o) {
        BigInteger max = BigInteger.ONE.shiftLeft(w - 1).subtract(BigInteger.ONE);
        BigInteger min = max.negate().subtract(BigInteger.ONE);
        boolean out = v.compareTo(max) > 0 || v.compareTo(min) < 0;
        return switch (o) {
            case WRAP -> {
                BigInteger m = v.mod(BigInteger.ONE.shiftLeft(w));
                yield m.compareTo(max) > 0 ? m.subtract(BigInteger.ONE.shiftLeft(w)) : m;
            }
            case SAT -> v.max(min).min(max);
            case SAT_ZERO -> out ? BigInteger.ZERO : v;
            case SAT_SYM -> v.max(max.negate()).min(max);
        };
    }

    @Test
    void fixedPointConversionFromRawAccumulators() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < N; i++) {
            Rounding q = Rounding.values()[r.nextInt(7)];
            Overflow o = Overflow.values()[r.nextInt(4)];
            int w = r.nextInt(4, 17);
            int frac = r.nextInt(-4, 20);
            int srcFrac = r.nextInt(-4, 40);
            long raw = switch (r.nextInt(4)) {
                case 0 -> r.nextLong(-5000, 5000);
                case 1 -> (r.nextLong(-64, 64) << r.nextInt(0, 30)) + (r.nextBoolean() ? 0 : 1L << Math.max(0, srcFrac - frac - 1));
                default -> r.nextLong(-(1L << 40), 1L << 40);
            };
            int up = frac - srcFrac; // value = raw · 2^(frac − srcFrac), exactly
            BigDecimal value = up >= 0 ? new BigDecimal(BigInteger.valueOf(raw).shiftLeft(up))
                    : new BigDecimal(raw).divide(new BigDecimal(BigInteger.ONE.shiftLeft(-up)));
            BigInteger expected = overflow(round(value, q), w, o);
            FixedPoint f = new FixedPoint(w, frac, q, o);
            assertEquals(expected.longValueExact(), f.fromRaw(raw, srcFrac), raw + " Q" + srcFrac + "→Q(" + w + "," + frac + ") " + q + " " + o);
        }
    }

    @Test
    void fixedPointConversionFromDoubles() {
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < N; i++) {
            Rounding q = Rounding.values()[r.nextInt(7)];
            Overflow o = Overflow.values()[r.nextInt(4)];
            int w = r.nextInt(4, 17);
            int frac = r.nextInt(-4, 16);
            double x = r.nextInt(3) == 0 ? Math.scalb((double) r.nextInt(-4000, 4000), -frac - 1) // exact ties
                    : (r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-6, 20));
            BigDecimal scaled = new BigDecimal(x).multiply(frac >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(frac))
                    : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-frac))));
            BigInteger expected = overflow(round(scaled, q), w, o);
            assertEquals(expected.longValueExact(), new FixedPoint(w, frac, q, o).fromDouble(x), x + " " + q + " " + o);
        }
    }

    @Test
    void divisionRoundsLikeTheSameModeOnTheExactQuotient() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < N; i++) {
            Rounding q = Rounding.values()[r.nextInt(7)];
            long den = r.nextLong(1, 1000);
            long num = r.nextInt(3) == 0 ? den * r.nextLong(-500, 500) + den / 2 * (den % 2 == 0 ? 1 : 0) : r.nextLong(-1_000_000, 1_000_000);
            // 60 significant digits decide every case: a non-tie fraction rem/den is ≥ 1/2000 away from ½
            BigDecimal exact = new BigDecimal(num).divide(new BigDecimal(den), new java.math.MathContext(60));
            assertEquals(round(exact, q).longValueExact(), q.divide(num, den), num + "/" + den + " " + q);
        }
    }
}
