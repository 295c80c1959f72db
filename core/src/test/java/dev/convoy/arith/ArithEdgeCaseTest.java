package dev.convoy.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The edge cases NUMERICS.md lists, with the values the upstream C/C++ produces. */
class ArithEdgeCaseTest {
    @Test
    void gemmlowpEdges() {
        assertEquals(Integer.MAX_VALUE, QuantizedMultiplier.srdhm(Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(-1073741824, QuantizedMultiplier.srdhm(Integer.MIN_VALUE, 1 << 30));
        assertEquals(1, QuantizedMultiplier.srdhm(1, 1 << 30)); // exactly ½ rounds up
        assertEquals(0, QuantizedMultiplier.srdhm(-1, 1 << 30)); // −½ rounds toward +∞
        assertEquals(2, QuantizedMultiplier.rdbpot(3, 1)); // 1.5 → 2 (away from zero)
        assertEquals(-2, QuantizedMultiplier.rdbpot(-3, 1)); // −1.5 → −2
        assertEquals(-1, QuantizedMultiplier.rdbpot(-5, 2)); // −1.25 → −1
        // single vs double rounding differ here (NUMERICS B.1): the default build gives −1235
        assertEquals(-1235, new QuantizedMultiplier(1696777188, -6).apply(-99994));
    }

    @Test
    void quantizeMultiplierRange() {
        QuantizedMultiplier half = QuantizedMultiplier.of(0.5);
        assertEquals(1 << 30, half.multiplier());
        assertEquals(0, half.shift());
        QuantizedMultiplier nearOne = QuantizedMultiplier.of(Math.nextDown(1.0));
        assertEquals(1 << 30, nearOne.multiplier()); // rounds to 2^31 → halved, shift+1
        assertEquals(1, nearOne.shift());
        assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(1e-12));
        QuantizedMultiplier big = QuantizedMultiplier.of(3.0);
        assertEquals(2, big.shift());
        assertEquals(300, big.apply(100));
    }

    @Test
    void tieRulesOfOrtAndTflite() {
        assertEquals(2, OrtRequant.quantize(2.5f, 1f, 0, -128, 127));
        assertEquals(-2, OrtRequant.quantize(-2.5f, 1f, 0, -128, 127));
        assertEquals(3.0, QuantizedMultiplier.roundHalfAway(2.5));
        assertEquals(-3.0, QuantizedMultiplier.roundHalfAway(-2.5));
        assertEquals(127, OrtRequant.quantize(1e9f, 0.1f, 5, -128, 127));
        assertEquals(-128, OrtRequant.quantize(-1e9f, 0.1f, 5, -128, 127));
    }

    @Test
    void apFixedRoundingVectors() {
        // ap_fixed<4,3,Q,AP_SAT>: W = 4, F = 1 (LSB 0.5); inputs 1.25, −1.25, 0.75, −0.75, 1.75, −1.75
        double[] in = {1.25, -1.25, 0.75, -0.75, 1.75, -1.75};
        double[][] expected = {
            {1.0, -1.5, 0.5, -1.0, 1.5, -2.0},   // TRN
            {1.0, -1.0, 0.5, -0.5, 1.5, -1.5},   // TRN_ZERO
            {1.5, -1.0, 1.0, -0.5, 2.0, -1.5},   // RND
            {1.0, -1.0, 0.5, -0.5, 1.5, -1.5},   // RND_ZERO
            {1.0, -1.5, 0.5, -1.0, 1.5, -2.0},   // RND_MIN_INF
            {1.5, -1.5, 1.0, -1.0, 2.0, -2.0},   // RND_INF
            {1.0, -1.0, 1.0, -1.0, 2.0, -2.0}};  // RND_CONV
        for (Rounding q : Rounding.values()) {
            FixedPoint f = new FixedPoint(4, 1, q, Overflow.SAT);
            for (int i = 0; i < in.length; i++) {
                assertEquals(expected[q.ordinal()][i], f.toDouble(f.fromDouble(in[i])), q + " " + in[i]);
            }
        }
    }

    @Test
    void apFixedOverflowVectors() {
        // ap_fixed<4,4>: W = 4, F = 0
        long[][] expected = {{3, -3}, {7, -8}, {0, 0}, {7, -7}}; // WRAP, SAT, SAT_ZERO, SAT_SYM for 19 and −19
        for (Overflow o : Overflow.values()) {
            FixedPoint f = new FixedPoint(4, 0, Rounding.TRN, o);
            assertEquals(expected[o.ordinal()][0], f.fromDouble(19), o + " 19");
            assertEquals(expected[o.ordinal()][1], f.fromDouble(-19), o + " -19");
        }
        assertEquals(-7, new FixedPoint(4, 0, Rounding.TRN, Overflow.SAT_SYM).fromDouble(-8)); // representable −8 → −7
        assertEquals(-8, new FixedPoint(4, 0, Rounding.TRN, Overflow.SAT).fromDouble(-8));
    }

    @Test
    void negativeAndLargeShifts() {
        FixedPoint q8 = new FixedPoint(8, -2, Rounding.RND_CONV, Overflow.SAT); // LSB = 4
        assertEquals(2, q8.fromDouble(10)); // 2.5 LSB → 2 (ties to even)
        assertEquals(127, q8.fromRaw(1L << 40, 0));
        assertEquals(0, new FixedPoint(8, 0, Rounding.RND, Overflow.SAT).fromRaw(5, 80));
        assertEquals(-1, new FixedPoint(8, 0, Rounding.TRN, Overflow.SAT).fromRaw(-5, 80));
        assertEquals(3 << 4, new FixedPoint(16, 6, Rounding.TRN, Overflow.WRAP).fromRaw(3, 2)); // left shift
    }
}
