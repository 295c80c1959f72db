/**
 * Reports: model summaries (parameters, MACs, receptive fields, the parameter-sharing comparison) and
 * plain-text tables. Enters: a Graph; leaves: records that render as text or JSON with the same fields.
 */
package dev.convoy.report;
