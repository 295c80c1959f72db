/**
 * The cycle-approximate accelerator simulator: executes a tiling Plan tile by tile and reports cycles,
 * traffic and stalls per layer, bit-true to the integer reference.
 */
package dev.convoy.sim;
