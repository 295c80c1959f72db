/**
 * Bit-true simulation: integer convolutions executed tile by tile in the Plan's loop nest, with the
 * integer reference's requantization, checked for single writes and buffer fit.
 */
package dev.convoy.sim.bittrue;
