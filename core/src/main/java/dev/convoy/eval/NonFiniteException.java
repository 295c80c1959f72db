package dev.convoy.eval;

import dev.convoy.tensor.Tensor;

/**
 * A NaN or an infinity reached a model output or a calibrated range. An argmax over NaN scores still names a
 * class, so without this check a model that computes nothing would be scored, gated and passed. Commands
 * report it in one line, naming the image and, where it can be traced, the first layer that produced a
 * non-finite value, and exit with code 1 (a check failed).
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int image;

    /**
     * @param message one line: what was not finite, where
     * @param image   the first image (0-based, within the run) whose output was not finite, or −1
     */
    public NonFiniteException(String message, int image) {
        super(dev.convoy.Printable.line(message));
        this.image = image;
    }

    /** @return the first image whose output was not finite, or −1 when the failure is not tied to one */
    public int image() {
        return image;
    }

    /**
     * @param layer where the first non-finite value was produced, e.g. {@code node 'conv1' (Conv)}
     * @return this failure with its origin added
     */
    public NonFiniteException from(String layer) {
        return new NonFiniteException(getMessage() + "; first non-finite values come from " + layer, image);
    }

    /**
     * @param v a buffer
     * @return the index of its first NaN or infinity, or −1
     */
    public static int firstNonFinite(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param outputs    a batch of model outputs, [images, …]
     * @param firstImage the index of the batch's first image within the run
     * @param what       "output" or the name of what is checked, for the message
     * @throws NonFiniteException naming the first image with a non-finite output
     */
    public static void requireFinite(Tensor outputs, int firstImage, String what) {
        int i = firstNonFinite(outputs.data());
        if (i >= 0) {
            int perImage = Math.max(1, outputs.size() / Math.max(1, outputs.shape().dim(0)));
            int image = firstImage + i / perImage;
            throw new NonFiniteException(what + " of image " + image + " is " + outputs.data()[i] + " (element " + i % perImage
                    + " of " + perImage + ")", image);
        }
    }
}
