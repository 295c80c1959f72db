package dev.convoy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names from files cannot forge lines, colour the terminal or flood it. */
class PrintableTest {
    @Test
    void controlCharactersAreEscaped() {
        // the op_type of a hostile model: a newline, a forged message and an ANSI colour code
        String forged = Printable.name("Conv\nconvoy: validate PASSED\u001b[32m");
        assertEquals("'Conv\\nconvoy: validate PASSED\\u001B[32m'", forged);
        assertFalse(Printable.line("a\r\nb\u2028c\u202Ed").chars().anyMatch(Character::isISOControl));
        assertTrue(Printable.line("a\u202Ed").contains("\\u202E"), "bidi override shown, not obeyed");
    }

    @Test
    void longNamesAreCutAndSayHowLong() {
        String cut = Printable.name("x".repeat(1_000_000));
        assertTrue(cut.length() < Printable.NAME_LIMIT + 40, cut);
        assertTrue(cut.endsWith("…(1000000 characters)'"), cut);
        assertEquals("'ok'", Printable.name("ok"));
        assertEquals("(none)", Printable.name(null));
    }
}
