package dev.convoy.graph;

/**
 * Zero padding around a 2-D window operator's input, in pixels. Asymmetric padding is allowed.
 *
 * @param top    rows added above
 * @param left   columns added on the left
 * @param bottom rows added below
 * @param right  columns added on the right
 */
public record Padding(int top, int left, int bottom, int right) {
    /** No padding. */
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    /** Rejects negative padding. */
    public Padding {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException("negative padding " + top + "," + left + "," + bottom + "," + right);
        }
    }
}
