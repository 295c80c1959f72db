/**
 * Running a backend over a labelled dataset in batches: top-1 accuracy, throughput, raw outputs, with
 * progress reported as it goes. Enters: a backend and images; leaves: {@link dev.convoy.eval.EvalResult}.
 */
package dev.convoy.eval;
