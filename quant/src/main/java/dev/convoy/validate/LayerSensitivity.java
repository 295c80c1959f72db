package dev.convoy.validate;

/**
 * What quantizing one layer alone costs: the fp32 network with just that layer's weights, inputs and output
 * rounded to their integer formats, against the fp32 network.
 *
 * @param name        the layer (its node name, as reports show it)
 * @param op          its integer layer type
 * @param dropPoints  top-1 lost, in percentage points (negative: gained)
 * @param agreement   fraction of images where its top-1 equals fp32's
 * @param outputSqnrDb SQNR of the network's output against fp32, in dB (infinite when identical)
 */
public record LayerSensitivity(String name, String op, double dropPoints, double agreement, double outputSqnrDb) {
}
