package dev.convoy.opencl.fp32;

import dev.convoy.io.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The best {@link GemmTile} per device, layer signature and batch, as {@code convoy tune} measured it
 * (CLBlast's tuning database, kept as JSON):
 * <pre>{"devices": {"NVIDIA H100 80GB HBM3": {"c64h56w56-m64o56x56-k3x3s1x1d1x1p1x1-g1|b32":
 *     {"tile": "128x128x8/8x8", "algorithm": "winograd", "ms": 0.21, "gflops": 35100.5}}}}</pre>
 * A lookup takes the entry for the batch asked, else the same layer at any batch, else nothing (the
 * backend's heuristic decides).
 */
public final class TuningDatabase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Map<String, Entry>> devices;

    /**
     * @param tile      the fastest tile (for {@link ConvAlgorithm#WINOGRAD}, of its 16-group GEMM)
     * @param ms        the layer's kernel time, milliseconds
     * @param gflops    its rate, GFLOP/s (2 · the direct convolution's MACs, whatever the algorithm)
     * @param algorithm the algorithm that ran it ({@code "algorithm"} in JSON; {@code gemm} when absent)
     */
    public record Entry(GemmTile tile, double ms, double gflops, ConvAlgorithm algorithm) {
        /** An implicit-GEMM entry. */
        public Entry(GemmTile tile, double ms, double gflops) {
            this(tile, ms, gflops, ConvAlgorithm.GEMM);
        }
    }

    private TuningDatabase(Map<String, Map<String, Entry>> devices) {
        this.devices = devices;
    }

    /** @return a database without entries */
    public static TuningDatabase empty() {
        return new TuningDatabase(new TreeMap<>());
    }

    /**
     * @param file a JSON database; a missing file is an empty database
     * @return the database
     * @throws BadInputException naming the file and field when it is malformed
     */
    public static TuningDatabase load(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        Map<String, Map<String, Entry>> out = new TreeMap<>();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode devs = root == null ? null : root.get("devices");
            if (devs == null || !devs.isObject()) {
                throw new BadInputException(file + ": expected an object with a \"devices\" field");
            }
            for (Iterator<Map.Entry<String, JsonNode>> d = devs.fields(); d.hasNext(); ) {
                Map.Entry<String, JsonNode> dev = d.next();
                Map<String, Entry> layers = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> l = dev.getValue().fields(); l.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = l.next();
                    String where = file + ": devices.\"" + dev.getKey() + "\".\"" + e.getKey() + "\"";
                    JsonNode tile = e.getValue().get("tile");
                    if (tile == null || !tile.isTextual()) {
                        throw new BadInputException(where + ": missing \"tile\"");
                    }
                    try {
                        layers.put(e.getKey(), new Entry(GemmTile.parse(tile.asText()), e.getValue().path("ms").asDouble(),
                                e.getValue().path("gflops").asDouble(), ConvAlgorithm.parse(e.getValue().path("algorithm").asText("gemm"))));
                    } catch (IllegalArgumentException bad) {
                        throw new BadInputException(where + ": " + bad.getMessage());
                    }
                }
                out.put(dev.getKey(), layers);
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": not a tuning database (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return new TuningDatabase(out);
    }

    /**
     * @return the tile for this device, layer and batch, if tuned
     */
    public Optional<GemmTile> tile(String device, ConvSignature layer, int batch) {
        return entry(device, layer, batch).map(Entry::tile);
    }

    /**
     * @return the entry (tile and algorithm) for this device, layer and batch, if tuned
     */
    public Optional<Entry> entry(String device, ConvSignature layer, int batch) {
        Map<String, Entry> layers = devices.get(device);
        if (layers == null) {
            return Optional.empty();
        }
        Entry exact = layers.get(layer.text() + "|b" + batch);
        if (exact != null) {
            return Optional.of(exact);
        }
        return layers.entrySet().stream().filter(e -> e.getKey().startsWith(layer.text() + "|b"))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * @return a copy with this entry set
     */
    public TuningDatabase with(String device, ConvSignature layer, int batch, Entry entry) {
        Map<String, Map<String, Entry>> copy = new TreeMap<>();
        devices.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        copy.computeIfAbsent(device, k -> new TreeMap<>()).put(layer.text() + "|b" + batch, entry);
        return new TuningDatabase(copy);
    }

    /** @return entries per device */
    public Map<String, Map<String, Entry>> entries() {
        return devices;
    }

    /**
     * @param file where to write the database (JSON)
     */
    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode devs = root.putObject("devices");
        devices.forEach((dev, layers) -> {
            ObjectNode d = devs.putObject(dev);
            layers.forEach((key, e) -> {
                ObjectNode n = d.putObject(key);
                n.put("tile", e.tile().toString());
                n.put("algorithm", e.algorithm().key());
                n.put("ms", e.ms());
                n.put("gflops", e.gflops());
            });
        });
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFile.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }
}
