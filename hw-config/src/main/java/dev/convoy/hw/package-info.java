/**
 * Hardware descriptions: boards, PE arrays, buffers and memory systems as immutable records, loaded from
 * {@code boards/*.yaml}. The tiling scheduler and the simulator read them; nothing here depends on a model.
 */
package dev.convoy.hw;
