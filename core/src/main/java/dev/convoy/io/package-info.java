/** NumPy {@code .npy} files: how outputs leave Convoy for comparison with other tools, and how peers' outputs come in. */
package dev.convoy.io;
