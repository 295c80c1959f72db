package dev.convoy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.convoy.BadInputException;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a report record as JSON with snake_case keys, the same fields the text output shows. */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static void write(Path file, Object report) {
        try {
            MAPPER.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write JSON (" + e.getMessage() + ")", e);
        }
    }
}
