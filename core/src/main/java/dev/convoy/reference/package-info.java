/**
 * The fp32 reference backend, Convoy's golden model: plain loops, one small kernel class per operator,
 * parallel over samples and output channels only. Enters: a {@link dev.convoy.graph.Graph} and a batch of
 * inputs; leaves: the graph's outputs (and, on request, every intermediate value).
 */
package dev.convoy.reference;
