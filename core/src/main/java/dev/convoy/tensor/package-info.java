/** Dense fp32 tensors and their shapes (NCHW, row-major): the values every backend reads and writes. */
package dev.convoy.tensor;
