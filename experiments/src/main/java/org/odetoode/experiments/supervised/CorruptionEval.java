package org.odetoode.experiments.supervised;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.supervised.corrupt.Corruption;
import org.odetoode.supervised.corrupt.Corruptions;
import org.odetoode.supervised.data.ImageDataset;
import org.odetoode.supervised.train.Examples;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;

/**
 * A supervised run's checkpoint scored on the clean test set and on each MNIST-C corruption of it (at MNIST-C's
 * severity), as {@code supervised eval} prints it and as {@value #FILE} in the run directory keeps it for {@code suite
 * run} and {@code report}.
 */
public final class CorruptionEval {
    /** The evaluation a run directory keeps. */
    public static final String FILE = "eval.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CorruptionEval() {
    }

    /**
     * A test set and its corrupted copies, computed once and shared by every run evaluated on them (the corruptions
     * are seeded, so the copies are the same for every run).
     */
    public record TestSets(ImageDataset clean, List<Corruption> corruptions, List<ImageDataset> corrupted,
            long corruptionSeed) {
        /** Corrupts {@code clean} with each of {@code corruptions} at MNIST-C's severity, seeded by {@code seed}. */
        public static TestSets of(ImageDataset clean, List<Corruption> corruptions, long seed) {
            List<ImageDataset> corrupted = new ArrayList<>();
            for (Corruption c : corruptions) {
                corrupted.add(Corruptions.apply(c, c.mnistcSeverity(), clean, seed));
            }
            return new TestSets(clean, List.copyOf(corruptions), corrupted, seed);
        }
    }

    /**
     * Accuracies of one checkpoint.
     *
     * @param clean the fraction of the clean test set classified right
     * @param corrupted per corruption id, in the order evaluated
     * @param images test images per set
     * @param corruptionSeed the corruptions' seed
     */
    public record Result(double clean, Map<String, Double> corrupted, int images, long corruptionSeed) {
        /** The mean over the corruptions; NaN without any. */
        public double meanCorrupted() {
            return corrupted.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** The JSON fields: {@code clean_accuracy}, and with corruptions {@code corruption_accuracy} and the mean. */
        public Map<String, Object> toMap() {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("clean_accuracy", clean);
            if (!corrupted.isEmpty()) {
                j.put("corruption_accuracy", corrupted);
                j.put("mean_corrupted_accuracy", meanCorrupted());
            }
            j.put("images", images);
            j.put("corruption_seed", corruptionSeed);
            return j;
        }
    }

    /** Scores the checkpoint in {@code run} (trained with {@code config}) on {@code sets}. */
    public static Result evaluate(Path run, SupervisedConfig config, TestSets sets) {
        List<Examples> all = new ArrayList<>();
        all.add(Examples.of(sets.clean()));
        // one corrupted set widened to double at a time: fifteen at once would hold about a gigabyte
        double clean = SupervisedTrainer.evaluate(run, config, all)[0];
        Map<String, Double> corrupted = new LinkedHashMap<>();
        for (int i = 0; i < sets.corruptions().size(); i++) {
            corrupted.put(sets.corruptions().get(i).id(), SupervisedTrainer.evaluate(run, config,
                    List.of(Examples.of(sets.corrupted().get(i))))[0]);
        }
        return new Result(clean, corrupted, sets.clean().size(), sets.corruptionSeed());
    }

    /** Writes {@code r} to {@code run}/{@value #FILE}, whole or not at all. */
    public static void write(Path run, Result r) {
        Path file = run.resolve(FILE);
        try {
            Path tmp = run.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), r.toMap());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The evaluation kept in {@code run}, or null when there is none or it cannot be read. */
    public static Result read(Path run) {
        Path file = run.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (!n.path("clean_accuracy").isNumber()) {
                return null;
            }
            Map<String, Double> corrupted = new LinkedHashMap<>();
            n.path("corruption_accuracy").fields().forEachRemaining(e -> corrupted.put(e.getKey(),
                    e.getValue().asDouble()));
            return new Result(n.get("clean_accuracy").asDouble(), corrupted, n.path("images").asInt(),
                    n.path("corruption_seed").asLong());
        } catch (IOException e) {
            return null; // torn: the cell is evaluated again
        }
    }
}
