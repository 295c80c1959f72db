package dev.convoy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ReferenceComparisonTest {
    @Test
    void figuresByHand() {
        Tensor ref = new Tensor(Shape.of(2, 2), new float[] {3, 4, 1, 0});
        Tensor out = new Tensor(Shape.of(2, 2), new float[] {3, 3, 2, 0});
        ReferenceComparison c = ReferenceComparison.of(out, ref);
        // errors 0, 1, 1, 0: max 1, mean 0.5; signal 9 + 16 + 1 = 26, noise 2; row 0 argmax 1 vs 0 (tie → first), row 1 agrees
        assertEquals(1, c.maxAbsError());
        assertEquals(0.5, c.meanAbsError());
        assertEquals(10 * Math.log10(13), c.sqnrDb(), 1e-12);
        assertEquals(0.5, c.argmaxAgreement());
        assertEquals(1, c.agreeing());
        assertNull(ReferenceComparison.of(ref, ref).sqnrDb(), "identical outputs: infinite SQNR, written as null");
    }
}
