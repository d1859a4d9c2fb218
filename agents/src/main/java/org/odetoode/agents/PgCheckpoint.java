package org.odetoode.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odetoode.agents.optim.OptimizerState;
import org.odetoode.agents.pg.EnvRunner;
import org.odetoode.agents.rollout.MeanStdFilter;

/**
 * Everything a policy-gradient run needs to continue bit-identically, in {@code checkpoint.json} (the same file name
 * and atomic write as {@link Checkpoint}, tagged {@code "kind": "pg"}): θ = [policy | log σ | value], Adam's state,
 * the observation and return statistics, the counters, and the state of every training environment mid-episode.
 * Random draws derive from (seed, iteration, environment) and resets from (seed, environment, episode), so the
 * counters are the RNG state. Doubles are stored exactly (base64 of little-endian bytes).
 *
 * @param iteration completed iterations
 * @param envSteps training environment steps so far
 * @param episodes training episodes finished so far
 * @param wallSeconds training wall time so far, summed over resumed sessions
 * @param lastEvalReturn the latest evaluation's mean return (NaN before the first)
 * @param parameters θ
 * @param policyParameterCount the length of θ's policy-network slice (what evaluation runs)
 * @param optimizer Adam's state
 * @param observationFilter the observation statistics
 * @param returnFilter the statistics of the discounted return (reward-scaling)
 * @param envs the training environments, in order; null before the first reset
 */
public record PgCheckpoint(long iteration, long envSteps, long episodes, double wallSeconds, double lastEvalReturn,
        double[] parameters, int policyParameterCount, OptimizerState optimizer, MeanStdFilter observationFilter,
        MeanStdFilter returnFilter, List<EnvRunner.State> envs) {

    private static final int FORMAT = 1;
    private static final String KIND = "pg";

    /** The policy network's slice of θ. */
    public double[] policyParameters() {
        return Arrays.copyOf(parameters, policyParameterCount);
    }

    /** Writes {@code dir/checkpoint.json} atomically. */
    public void write(Path dir) {
        ObjectNode root = Checkpoint.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", KIND);
        root.put("iteration", iteration);
        root.put("env-steps", envSteps);
        root.put("episodes", episodes);
        root.put("wall-seconds", Checkpoint.encode(new double[] {wallSeconds}));
        root.put("last-eval-return", Checkpoint.encode(new double[] {lastEvalReturn}));
        root.put("params-sha256", Checkpoint.sha256(policyParameters()));
        root.put("policy-parameter-count", policyParameterCount);
        root.put("parameters", Checkpoint.encode(parameters));
        root.put("optimizer-steps", optimizer.steps());
        ArrayNode moments = root.putArray("optimizer-moments");
        for (double[] m : optimizer.moments()) {
            moments.add(Checkpoint.encode(m));
        }
        putFilter(root, "observation-filter", observationFilter);
        putFilter(root, "return-filter", returnFilter);
        if (envs != null) {
            ArrayNode list = root.putArray("envs");
            for (EnvRunner.State s : envs) {
                ObjectNode e = list.addObject();
                e.put("state", Checkpoint.encode(s.state()));
                e.put("observation", Checkpoint.encode(s.observation()));
                e.put("length", s.length());
                e.put("episode-return", Checkpoint.encode(new double[] {s.episodeReturn()}));
                e.put("discounted-return", Checkpoint.encode(new double[] {s.discountedReturn()}));
                e.put("episode", s.episode());
            }
        }
        Checkpoint.writeAtomically(dir, root);
    }

    /** Reads {@code dir/checkpoint.json}, which a policy-gradient run wrote. */
    public static PgCheckpoint read(Path dir) {
        Path file = dir.resolve(Checkpoint.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No checkpoint in " + dir + ": expected " + file);
        }
        try {
            JsonNode n = Checkpoint.JSON.readTree(file.toFile());
            if (n.path("format").asInt() != FORMAT || !KIND.equals(n.path("kind").asText())) {
                throw new IllegalArgumentException("Checkpoint " + file + " is not a format-" + FORMAT
                        + " policy-gradient checkpoint (format " + n.path("format") + ", kind " + n.path("kind") + ")");
            }
            double[][] moments = new double[n.get("optimizer-moments").size()][];
            for (int i = 0; i < moments.length; i++) {
                moments[i] = Checkpoint.decode(n.get("optimizer-moments").get(i).asText());
            }
            List<EnvRunner.State> envs = null;
            if (n.has("envs")) {
                envs = new ArrayList<>();
                for (JsonNode e : n.get("envs")) {
                    envs.add(new EnvRunner.State(Checkpoint.decode(e.get("state").asText()),
                            Checkpoint.decode(e.get("observation").asText()), e.get("length").asInt(),
                            scalar(e, "episode-return"), scalar(e, "discounted-return"), e.get("episode").asLong()));
                }
            }
            return new PgCheckpoint(n.get("iteration").asLong(), n.get("env-steps").asLong(),
                    n.get("episodes").asLong(), scalar(n, "wall-seconds"), scalar(n, "last-eval-return"),
                    Checkpoint.decode(n.get("parameters").asText()), n.get("policy-parameter-count").asInt(),
                    new OptimizerState(n.get("optimizer-steps").asLong(), moments), filter(n, "observation-filter"),
                    filter(n, "return-filter"), envs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static double scalar(JsonNode n, String key) {
        return Checkpoint.decode(n.get(key).asText())[0];
    }

    private static void putFilter(ObjectNode root, String key, MeanStdFilter f) {
        ObjectNode o = root.putObject(key);
        o.put("count", f.count());
        o.put("mean", Checkpoint.encode(f.mean()));
        o.put("m2", Checkpoint.encode(f.m2()));
    }

    private static MeanStdFilter filter(JsonNode root, String key) {
        JsonNode o = root.get(key);
        return new MeanStdFilter(o.get("count").asLong(), Checkpoint.decode(o.get("mean").asText()),
                Checkpoint.decode(o.get("m2").asText()));
    }
}
