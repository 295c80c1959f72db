package dev.convoy.chart;

/** Maps a value in [0, 1] to a colour (0xRRGGBB). */
@FunctionalInterface
public interface Colormap {
    /**
     * @param t a value in [0, 1] (clamped)
     * @return 0xRRGGBB
     */
    int rgb(double t);

    /** Black to white. */
    Colormap GREY = t -> {
        int v = (int) Math.round(255 * clamp(t));
        return v << 16 | v << 8 | v;
    };

    /** Viridis (perceptually uniform, readable in greyscale), by linear interpolation of nine of its stops. */
    Colormap VIRIDIS = stops(0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725);

    /** Blue through white to red: signed values centred on 0.5 (differences, weights). */
    Colormap DIVERGING = stops(0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b);

    /**
     * @param stops colours at evenly spaced points from 0 to 1
     * @return the piecewise-linear map through them
     */
    static Colormap stops(int... stops) {
        return t -> {
            double x = clamp(t) * (stops.length - 1);
            int i = Math.min(stops.length - 2, (int) Math.floor(x));
            double f = x - i;
            int a = stops[i], b = stops[i + 1];
            int r = (int) Math.round((a >> 16 & 255) * (1 - f) + (b >> 16 & 255) * f);
            int g = (int) Math.round((a >> 8 & 255) * (1 - f) + (b >> 8 & 255) * f);
            int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
            return r << 16 | g << 8 | bl;
        };
    }

    private static double clamp(double t) {
        return Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    }
}
