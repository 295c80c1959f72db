package dev.convoy.visual;

import dev.convoy.eval.Progress;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.manifold.Neighbours;
import dev.convoy.manifold.Tsne;
import dev.convoy.tensor.Tensor;
import java.util.Set;

/**
 * The penultimate layer's features — the input of the last convolution or fully-connected layer, what the
 * classifier separates — of many images, mapped to 2-D by t-SNE, fp32 and quantized; how much of each image's
 * neighbourhood the map keeps, against a random projection; and the nearest neighbours of some images by the
 * feature vector itself.
 *
 * @param value                  the feature value's name
 * @param dims                   its length per image
 * @param labels                 each image's class
 * @param fp32Map                t-SNE of the fp32 features
 * @param quantizedMap           t-SNE of the quantized features (null when they are inside an fp32 island)
 * @param fp32Preservation       10-NN preservation of the fp32 map
 * @param quantizedPreservation  of the quantized map (NaN without one)
 * @param randomPreservation     of a Gaussian random projection of the fp32 features to 2-D
 * @param queries                the query images' indices
 * @param fp32Neighbours         per query, its nearest images by fp32 feature
 * @param quantizedNeighbours    by quantized feature (null without one)
 */
public record FeatureSpace(String value, int dims, int[] labels, double[][] fp32Map, double[][] quantizedMap, double fp32Preservation,
                           double quantizedPreservation, double randomPreservation, int[] queries, int[][] fp32Neighbours,
                           int[][] quantizedNeighbours) {
    /** Neighbourhood size of the preservation measure. */
    public static final int K = 10;

    /**
     * @param g the prepared fp32 graph
     * @return the value feeding its last convolution or fully-connected layer
     */
    public static String penultimate(Graph g) {
        String v = g.inputs().get(0).name();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Dense || n.op() instanceof Conv) {
                v = n.inputs().get(0);
            }
        }
        return v;
    }

    /**
     * @param probe      both models
     * @param images     [N, ...] inputs, N ≥ 12
     * @param labels     their classes
     * @param tsne       t-SNE settings
     * @param queries    how many query images (the first image of each class in turn)
     * @param neighbours neighbours per query
     * @param batch      images per run
     * @param progress   told as features are read and maps are made
     * @return the feature space
     */
    public static FeatureSpace of(Probe probe, Tensor images, int[] labels, Tsne tsne, int queries, int neighbours, int batch,
                                  Progress progress) {
        String value = penultimate(probe.graph());
        int n = labels.length;
        double[][] f = new double[n][], q = probe.isInteger(value) ? new double[n][] : null;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            Tensor x = images.samples(from, to);
            copy(probe.fp32Values(x, Set.of(value)).get(value), f, from, to);
            if (q != null) {
                copy(probe.quantizedValues(x, Set.of(value)).get(value), q, from, to);
            }
            progress.update(to, n + 2 * tsne.iterations());
        }
        int dims = f[0].length;
        double[][] fm = tsne.embed(f, step -> progress.update(n + step, n + 2 * tsne.iterations()));
        double[][] qm = q == null ? null : tsne.embed(q, step -> progress.update(n + tsne.iterations() + step, n + 2 * tsne.iterations()));
        int k = Math.min(K, n - 1);
        double fp = Neighbours.preservation(f, fm, k), qp = qm == null ? Double.NaN : Neighbours.preservation(q, qm, k);
        double rp = Neighbours.preservation(f, Neighbours.randomProjection(f, 2, 1), k);
        int[] qs = pickQueries(labels, queries);
        int[][] fn = new int[qs.length][], qn = q == null ? null : new int[qs.length][];
        for (int i = 0; i < qs.length; i++) {
            fn[i] = Neighbours.nearestTo(f, f[qs[i]], qs[i], Math.min(neighbours, n - 1));
            if (q != null) {
                qn[i] = Neighbours.nearestTo(q, q[qs[i]], qs[i], Math.min(neighbours, n - 1));
            }
        }
        return new FeatureSpace(value, dims, labels.clone(), fm, qm, fp, qp, rp, qs, fn, qn);
    }

    private static void copy(float[] data, double[][] into, int from, int to) {
        int per = data.length / (to - from);
        for (int i = from; i < to; i++) {
            double[] v = new double[per];
            for (int j = 0; j < per; j++) {
                v[j] = data[(i - from) * per + j];
            }
            into[i] = v;
        }
    }

    /** The first image of each class in turn (classes in order of first appearance), until count are picked. */
    private static int[] pickQueries(int[] labels, int count) {
        java.util.LinkedHashMap<Integer, java.util.ArrayDeque<Integer>> byClass = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new java.util.ArrayDeque<>()).add(i);
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        while (out.size() < Math.min(count, labels.length)) {
            for (java.util.ArrayDeque<Integer> d : byClass.values()) {
                if (!d.isEmpty() && out.size() < count) {
                    out.add(d.poll());
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
