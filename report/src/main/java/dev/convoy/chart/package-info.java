/**
 * Pictures as text a browser shows without a network: XChart plots as inline SVG ({@link dev.convoy.chart.Charts}),
 * value maps and images as PNG data URIs ({@link dev.convoy.chart.Raster}, {@link dev.convoy.chart.Colormap}), and
 * the model's graph drawn as SVG ({@link dev.convoy.chart.GraphDrawing}).
 */
package dev.convoy.chart;
