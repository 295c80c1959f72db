package dev.convoy.eval;

/** Told how far a long run has come. */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done  images processed so far
     * @param total images in the run
     */
    void update(int done, int total);
}
