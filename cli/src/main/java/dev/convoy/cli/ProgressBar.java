package dev.convoy.cli;

import dev.convoy.eval.Progress;
import java.io.PrintWriter;

/**
 * A progress bar on standard error for runs of many images: redrawn in place on a terminal, a line per
 * tenth otherwise (CI logs), silent for short runs.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final int MIN_IMAGES = 500;
    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private int lastTenth = -1;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(int done, int total) {
        if (total < MIN_IMAGES) {
            return;
        }
        double s = (System.nanoTime() - start) / 1e9;
        int filled = (int) ((long) WIDTH * done / total);
        String line = String.format(java.util.Locale.ROOT, "%s [%s%s] %d/%d images, %.0f img/s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, s > 0 ? done / s : 0);
        if (terminal) {
            err.print("\r" + line + (done == total ? "\n" : ""));
            err.flush();
        } else {
            int tenth = (int) (10L * done / total);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.println(line);
                err.flush();
            }
        }
    }
}
