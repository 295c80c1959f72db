package dev.convoy.cli;

import dev.convoy.io.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.BadInputException;
import dev.convoy.engine.Provenance;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a report record as JSON with snake_case keys, the same fields the text output shows, plus a
 * {@code provenance} object saying what made it. A report that is a list is written under the key given.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /**
     * @param file       where to write
     * @param report     a record (its fields become keys) or a list (written under {@code listKey})
     * @param listKey    the key for a list report
     * @param provenance what made it
     */
    static void write(Path file, Object report, String listKey, Provenance provenance) {
        JsonNode tree = MAPPER.valueToTree(report);
        ObjectNode root;
        if (tree.isObject()) {
            root = (ObjectNode) tree;
        } else {
            root = MAPPER.createObjectNode();
            root.set(listKey, tree);
        }
        root.set("provenance", MAPPER.valueToTree(provenance));
        try {
            AtomicFile.write(file, out -> MAPPER.writeValue(out, root));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param value a record or map
     * @return it as the JSON object {@link #write} would write (snake_case keys)
     */
    static ObjectNode tree(Object value) {
        return (ObjectNode) MAPPER.valueToTree(value);
    }

    /**
     * @param value anything Jackson writes
     * @return it as a JSON tree
     */
    static JsonNode node(Object value) {
        return MAPPER.valueToTree(value);
    }

    static void write(Path file, Object report, Provenance provenance) {
        write(file, report, "results", provenance);
    }
}
