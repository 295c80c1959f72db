/**
 * Datasets: the IDX reader and Fashion-MNIST (Debian package {@code dataset-fashion-mnist}). Enters: gzip
 * IDX files; leaves: image tensors [N,1,28,28] scaled to [0,1] and their labels.
 */
package dev.convoy.data;
