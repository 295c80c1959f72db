package dev.convoy.opencl.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.graph.BinaryKind;
import dev.convoy.quant.RequantMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The mode codes the host passes to the kernels are the ones the kernel sources document next to their
 * {@code switch}/{@code #if} cases. The kernels' behaviour per code is checked bit for bit elsewhere
 * ({@code OpenClBitExactTest}); this guards the mapping itself, so reordering an enum cannot change it.
 */
class KernelCodesTest {
    private static String kernel(String name) throws IOException {
        try (InputStream in = KernelCodesTest.class.getResourceAsStream("/dev/convoy/kernels/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int documented(String source, String regex) {
        Matcher m = Pattern.compile(regex).matcher(source);
        assertTrue(m.find(), regex);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void requantModesMatchRequantCl() throws IOException {
        String src = kernel("requant.cl");
        for (RequantMode mode : RequantMode.values()) {
            assertEquals(documented(src, "REQUANT_MODE (\\d) = " + mode + "\\b"), mode.kernelCode(), mode.toString());
        }
    }

    @Test
    void roundingAndOverflowMatchRequantCl() throws IOException {
        String src = kernel("requant.cl");
        for (Rounding r : Rounding.values()) {
            assertEquals(documented(src, "ap_fixed rounding[^\\n]*\\b(\\d) " + r.name() + "\\b"), r.kernelCode(), r.name());
        }
        for (Overflow o : Overflow.values()) {
            assertEquals(documented(src, "ap_fixed overflow[^\\n]*\\b(\\d) " + o.name() + "\\b"), o.kernelCode(), o.name());
        }
    }

    @Test
    void binaryOperationsMatchEltwiseCl() throws IOException {
        String src = kernel("eltwise_f32.cl");
        for (BinaryKind k : BinaryKind.values()) {
            String word = switch (k) {
                case ADD -> "add";
                case SUB -> "subtract";
                case MUL -> "multiply";
                case DIV -> "divide";
                case MAX -> "maximum";
                case MIN -> "minimum";
            };
            assertEquals(documented(src, "-D OP:[^\\n]*\\b(\\d) " + word + "\\b"), k.kernelCode(),
                    k.name().toLowerCase(Locale.ROOT));
        }
    }
}
