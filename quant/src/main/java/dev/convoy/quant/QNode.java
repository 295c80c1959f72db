package dev.convoy.quant;

import java.util.List;

/**
 * One integer layer application. Names match the fp32 graph's node and value names, so a quantized value
 * can be compared with its fp32 counterpart.
 *
 * @param name   node name
 * @param layer  the integer operator
 * @param inputs value names read
 * @param output value name written
 */
public record QNode(String name, QLayer layer, List<String> inputs, String output) {
    /** Copies the inputs. */
    public QNode {
        inputs = List.copyOf(inputs);
    }
}
