package dev.convoy.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.convoy.BadInputException;
import dev.convoy.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML read with limits, for every small settings file a user hands Convoy (hardware descriptions, preprocessing):
 * a document of at most {@code maxBytes} code points, no aliases, nesting at most 16, each key once. SnakeYAML
 * scans a long scalar quadratically before its own code-point limit applies, so files are size-checked first.
 */
public final class SafeYaml {
    /** Deepest nesting accepted. */
    public static final int MAX_NESTING = 16;

    private SafeYaml() {
    }

    /**
     * @param maxBytes the largest document, in code points
     * @return a YAML factory with the limits above
     */
    public static YAMLFactory factory(int maxBytes) {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(maxBytes);
        loader.setMaxAliasesForCollections(0);
        loader.setNestingDepthLimit(MAX_NESTING);
        loader.setAllowDuplicateKeys(false);
        return YAMLFactory.builder().loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4096).maxNumberLength(64)
                        .maxNestingDepth(MAX_NESTING).build())
                .build();
    }

    /**
     * @param maxBytes the largest document, in code points
     * @return a tree mapper on {@link #factory(int)} that also refuses a key given twice
     */
    public static ObjectMapper mapper(int maxBytes) {
        return JsonMapper.builder(factory(maxBytes)).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /**
     * @param file     a YAML file
     * @param maxBytes the largest file accepted, bytes
     * @param what     what the file should be, for messages (e.g. "a preprocessing file")
     * @return its document as a tree
     * @throws BadInputException one line naming the file: missing, too large, not YAML, a key given twice
     */
    public static JsonNode readTree(Path file, int maxBytes, String what) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new BadInputException(file + ": " + size + " bytes is not " + what + " (at most " + maxBytes + " bytes)");
            }
            return readTree(Files.readString(file), file.toString(), maxBytes, what);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(file + ": not " + what + " (not UTF-8 text)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * @param text     a YAML document
     * @param label    where it came from, for messages
     * @param maxBytes the largest document, in code points
     * @param what     what it should be, for messages
     * @return its document as a tree
     * @throws BadInputException one line naming the label: not YAML, over the limits, a key given twice
     */
    public static JsonNode readTree(String text, String label, int maxBytes, String what) {
        try {
            JsonNode n = mapper(maxBytes).readTree(text);
            return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        } catch (JsonParseException e) {
            String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n")[0];
            if (problem.startsWith("Duplicate field")) {
                throw new BadInputException(label + ": key " + Printable.name(problem.replaceAll("^Duplicate field '(.*)'$", "$1"))
                        + " given twice" + location(e), e);
            }
            throw new BadInputException(label + ": not " + what + " (not valid YAML" + location(e) + ")", e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports its limits (code points, aliases, nesting) as its own unchecked exceptions
            throw new BadInputException(label + ": not " + what + " (" + e.getClass().getSimpleName() + "; at most " + maxBytes
                    + " characters, no aliases, nesting ≤ " + MAX_NESTING + ")", e);
        }
    }

    private static String location(JsonParseException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " at line " + e.getLocation().getLineNr();
    }
}
