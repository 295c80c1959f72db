/**
 * Two-dimensional maps of feature vectors: Barnes-Hut t-SNE ({@link dev.convoy.manifold.Tsne} over a
 * {@link dev.convoy.manifold.SpaceTree}), a random projection to compare it with, and the k-nearest-neighbour
 * measures that say how much of the neighbourhood structure a map keeps ({@link dev.convoy.manifold.Neighbours}).
 */
package dev.convoy.manifold;
