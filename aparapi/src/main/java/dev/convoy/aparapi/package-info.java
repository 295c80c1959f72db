/**
 * The Aparapi backend: fp32 convolution, pooling and fully-connected layers written as Java
 * {@link com.aparapi.Kernel}s that Aparapi translates to OpenCL at run time, the rest of the network on
 * the fp32 reference. Every layer's report says whether OpenCL or Aparapi's Java thread pool ran it and,
 * for a fallback, why.
 */
package dev.convoy.aparapi;
