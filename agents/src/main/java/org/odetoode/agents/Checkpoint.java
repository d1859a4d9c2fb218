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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.odetoode.agents.es.EsState;
import org.odetoode.agents.optim.OptimizerState;
import org.odetoode.agents.rollout.MeanStdFilter;

/**
 * Everything a run needs to continue bit-identically: the strategy state (θ, optimiser moments, best so far), the
 * observation filter, and the counters. Random draws are derived from (seed, iteration, index), so the counters are
 * the RNG state. Arrays are stored as base64 of little-endian doubles, exact.
 *
 * @param iteration completed iterations
 * @param envSteps environment steps of training rollouts so far
 * @param episodes training episodes so far
 * @param wallSeconds training wall time so far, summed over resumed sessions
 * @param lastEvalReturn the latest evaluation's mean return (NaN before the first)
 * @param state the strategy state
 * @param filter the observation statistics
 */
public record Checkpoint(long iteration, long envSteps, long episodes, double wallSeconds, double lastEvalReturn,
        EsState state, MeanStdFilter filter) {

    /** The file name inside a run directory. */
    public static final String FILE = "checkpoint.json";
    private static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Writes {@code dir/checkpoint.json} atomically: a temporary file, then a rename over the old one. */
    public void write(Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("iteration", iteration);
        root.put("env-steps", envSteps);
        root.put("episodes", episodes);
        root.put("wall-seconds", encode(new double[] {wallSeconds}));
        root.put("last-eval-return", encode(new double[] {lastEvalReturn}));
        root.put("params-sha256", sha256(state.parameters()));
        root.put("parameters", encode(state.parameters()));
        root.put("optimizer-steps", state.optimizer().steps());
        ArrayNode moments = root.putArray("optimizer-moments");
        for (double[] m : state.optimizer().moments()) {
            moments.add(encode(m));
        }
        root.put("generation", state.generation());
        root.put("best-fitness", encode(new double[] {state.bestFitness()}));
        root.put("best-parameters", encode(state.bestParameters()));
        root.put("filter-count", filter.count());
        root.put("filter-mean", encode(filter.mean()));
        root.put("filter-m2", encode(filter.m2()));
        writeAtomically(dir, root);
    }

    /** Writes {@code root} to {@code dir/checkpoint.json} through a temporary file and a rename over the old one. */
    static void writeAtomically(Path dir, ObjectNode root) {
        Path target = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code dir/checkpoint.json}. */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No checkpoint in " + dir + ": expected " + file);
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n.path("format").asInt() != FORMAT) {
                throw new IllegalArgumentException("Checkpoint " + file + " has format " + n.path("format")
                        + "; this version reads format " + FORMAT);
            }
            double[][] moments = new double[n.get("optimizer-moments").size()][];
            for (int i = 0; i < moments.length; i++) {
                moments[i] = decode(n.get("optimizer-moments").get(i).asText());
            }
            EsState state = new EsState(decode(n.get("parameters").asText()),
                    new OptimizerState(n.get("optimizer-steps").asLong(), moments), n.get("generation").asLong(),
                    decode(n.get("best-fitness").asText())[0], decode(n.get("best-parameters").asText()));
            MeanStdFilter filter = new MeanStdFilter(n.get("filter-count").asLong(),
                    decode(n.get("filter-mean").asText()), decode(n.get("filter-m2").asText()));
            return new Checkpoint(n.get("iteration").asLong(), n.get("env-steps").asLong(), n.get("episodes").asLong(),
                    decode(n.get("wall-seconds").asText())[0], decode(n.get("last-eval-return").asText())[0], state,
                    filter);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the values as little-endian doubles, in hex: the identity of a parameter vector. */
    public static String sha256(double[] values) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(values)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** Base64 of the values as little-endian doubles: exact. */
    static String encode(double[] values) {
        return Base64.getEncoder().encodeToString(bytes(values));
    }

    /** The inverse of {@link #encode}. */
    static double[] decode(String text) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
        }
        return v;
    }
}
