package org.odetoode.agents;

import static org.odetoode.agents.CheckpointFile.array;
import static org.odetoode.agents.CheckpointFile.optimizerState;
import static org.odetoode.agents.CheckpointFile.putArray;
import static org.odetoode.agents.CheckpointFile.putOptimizer;
import static org.odetoode.agents.CheckpointFile.putScalar;
import static org.odetoode.agents.CheckpointFile.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odetoode.agents.CheckpointFile.Kind;
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
 * @param totals the evaluations and infeasible candidates so far
 * @param parameters θ
 * @param policyParameterCount the length of θ's policy-network slice (what evaluation runs)
 * @param optimizer Adam's state
 * @param observationFilter the observation statistics
 * @param returnFilter the statistics of the discounted return (reward-scaling)
 * @param envs the training environments, in order; null before the first reset
 */
public record PgCheckpoint(long iteration, long envSteps, long episodes, double wallSeconds, RunTotals totals,
        double[] parameters, int policyParameterCount, OptimizerState optimizer, MeanStdFilter observationFilter,
        MeanStdFilter returnFilter, List<EnvRunner.State> envs) {

    /** The policy network's slice of θ. */
    public double[] policyParameters() {
        return Arrays.copyOf(parameters, policyParameterCount);
    }

    /** Writes {@code dir/checkpoint.json} atomically. */
    public void write(Path dir) {
        ObjectNode root = CheckpointFile.root(Kind.PG, iteration, envSteps, episodes, wallSeconds, totals);
        root.put("params-sha256", Checkpoint.sha256(policyParameters()));
        root.put("policy-parameter-count", policyParameterCount);
        putArray(root, "parameters", parameters);
        putOptimizer(root, optimizer);
        putFilter(root, "observation-filter", observationFilter);
        putFilter(root, "return-filter", returnFilter);
        if (envs != null) {
            ArrayNode list = root.putArray("envs");
            for (EnvRunner.State s : envs) {
                ObjectNode e = list.addObject();
                putArray(e, "state", s.state());
                putArray(e, "observation", s.observation());
                e.put("length", s.length());
                putScalar(e, "episode-return", s.episodeReturn());
                putScalar(e, "discounted-return", s.discountedReturn());
                e.put("episode", s.episode());
            }
        }
        CheckpointFile.write(dir, root);
    }

    /** Reads {@code dir/checkpoint.json}, which a policy-gradient run wrote. */
    public static PgCheckpoint read(Path dir) {
        return CheckpointFile.read(dir, Kind.PG, n -> {
            List<EnvRunner.State> envs = null;
            if (n.has("envs")) {
                envs = new ArrayList<>();
                for (JsonNode e : n.get("envs")) {
                    envs.add(new EnvRunner.State(array(e, "state"), array(e, "observation"), e.get("length").asInt(),
                            scalar(e, "episode-return"), scalar(e, "discounted-return"), e.get("episode").asLong()));
                }
            }
            return new PgCheckpoint(n.get("iteration").asLong(), n.get("env-steps").asLong(),
                    n.get("episodes").asLong(), scalar(n, "wall-seconds"), CheckpointFile.totals(n),
                    array(n, "parameters"), n.get("policy-parameter-count").asInt(), optimizerState(n),
                    filter(n, "observation-filter"), filter(n, "return-filter"), envs);
        });
    }

    private static void putFilter(ObjectNode root, String key, MeanStdFilter f) {
        ObjectNode o = root.putObject(key);
        o.put("count", f.count());
        putArray(o, "mean", f.mean());
        putArray(o, "m2", f.m2());
    }

    private static MeanStdFilter filter(JsonNode root, String key) {
        JsonNode o = root.get(key);
        return new MeanStdFilter(o.get("count").asLong(), array(o, "mean"), array(o, "m2"));
    }
}
