package org.odetoode.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import org.odetoode.agents.optim.OptimizerState;

/**
 * The {@code checkpoint.json} plumbing that {@link Checkpoint}, {@link PgCheckpoint} and the supervised trainer share: doubles stored exactly
 * (base64 of little-endian bytes), the counters and optimiser state both hold, the atomic write (a temporary file,
 * then a rename over the old one) and a read that names a missing or damaged file.
 */
public final class CheckpointFile {
    public static final String NAME = "checkpoint.json";
    private static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Which trainer wrote a checkpoint: its tag in the file (none for evolution strategies, as first written). */
    enum Kind {
        ES(null, "evolution-strategies"),
        PG("pg", "policy-gradient");

        final String tag;
        final String description;

        Kind(String tag, String description) {
            this.tag = tag;
            this.description = description;
        }
    }

    private CheckpointFile() {
    }

    /** Writes {@code root} to {@code dir/checkpoint.json} through a temporary file and a rename over the old one. */
    static void write(Path dir, ObjectNode root) {
        writeAtomically(dir.resolve(NAME), root, "checkpoint");
    }

    /**
     * Writes {@code root} as JSON to {@code target} through a temporary file beside it and a rename over the old one,
     * so that a reader never sees a partial file.
     */
    public static void writeAtomically(Path target, ObjectNode root, String what) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + target + ": " + e.getMessage(), e);
        }
    }

    /** A new document: the format, the kind (none for evolution strategies) and the counters every run has. */
    static ObjectNode root(Kind kind, long iteration, long envSteps, long episodes, double wallSeconds,
            RunTotals totals) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        if (kind.tag != null) {
            root.put("kind", kind.tag);
        }
        root.put("iteration", iteration);
        root.put("env-steps", envSteps);
        root.put("episodes", episodes);
        putScalar(root, "wall-seconds", wallSeconds);
        putScalar(root, "last-eval-return", totals.lastEvalReturn());
        putScalar(root, "best-eval-return", totals.bestEvalReturn());
        root.put("best-eval-iteration", totals.bestEvalIteration());
        root.put("infeasible-candidates", totals.infeasibleCandidates());
        root.put("restarts", totals.restarts());
        return root;
    }

    /** The run totals of a checkpoint; those it predates read as unknown. */
    static RunTotals totals(JsonNode root) {
        return new RunTotals(scalar(root, "last-eval-return"),
                root.has("best-eval-return") ? scalar(root, "best-eval-return") : Double.NaN,
                root.path("best-eval-iteration").asLong(0), root.path("infeasible-candidates").asLong(0),
                root.path("restarts").asInt(0));
    }

    /**
     * Parses {@code dir/checkpoint.json}, which a run of the given kind wrote. A missing file, one of another format
     * or kind, and one that does not parse are each an IllegalArgumentException naming the file.
     */
    static <T> T read(Path dir, Kind kind, Function<JsonNode, T> parse) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No checkpoint in " + dir + ": expected " + file);
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            String tag = n.path("kind").isMissingNode() ? null : n.path("kind").asText();
            if (n.path("format").asInt() != FORMAT || !Objects.equals(tag, kind.tag)) {
                throw new IllegalArgumentException("Checkpoint " + file + " is not a format-" + FORMAT + " "
                        + kind.description + " checkpoint (format " + n.path("format") + ", kind "
                        + (tag == null ? "es" : tag) + ")");
            }
            return parse.apply(n);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    public static void putOptimizer(ObjectNode root, OptimizerState optimizer) {
        root.put("optimizer-steps", optimizer.steps());
        ArrayNode moments = root.putArray("optimizer-moments");
        for (double[] m : optimizer.moments()) {
            moments.add(encode(m));
        }
    }

    public static OptimizerState optimizerState(JsonNode root) {
        JsonNode list = root.get("optimizer-moments");
        double[][] moments = new double[list.size()][];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = decode(list.get(i).asText());
        }
        return new OptimizerState(root.get("optimizer-steps").asLong(), moments);
    }

    public static void putScalar(ObjectNode node, String key, double value) {
        node.put(key, encode(new double[] {value}));
    }

    public static double scalar(JsonNode node, String key) {
        return decode(node.get(key).asText())[0];
    }

    public static void putArray(ObjectNode node, String key, double[] values) {
        node.put(key, encode(values));
    }

    public static double[] array(JsonNode node, String key) {
        return decode(node.get(key).asText());
    }

    /** The values as little-endian doubles. */
    static byte[] bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static String encode(double[] values) {
        return Base64.getEncoder().encodeToString(bytes(values));
    }

    private static double[] decode(String text) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
        }
        return v;
    }
}
