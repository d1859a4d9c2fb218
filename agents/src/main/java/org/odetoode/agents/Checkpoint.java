package org.odetoode.agents;

import static org.odetoode.agents.CheckpointFile.array;
import static org.odetoode.agents.CheckpointFile.optimizerState;
import static org.odetoode.agents.CheckpointFile.putArray;
import static org.odetoode.agents.CheckpointFile.putOptimizer;
import static org.odetoode.agents.CheckpointFile.putScalar;
import static org.odetoode.agents.CheckpointFile.scalar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.odetoode.agents.CheckpointFile.Kind;
import org.odetoode.agents.es.EsState;
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
 * @param totals the evaluations and infeasible candidates so far
 * @param state the strategy state
 * @param filter the observation statistics
 */
public record Checkpoint(long iteration, long envSteps, long episodes, double wallSeconds, RunTotals totals,
        EsState state, MeanStdFilter filter) {

    /** The file name inside a run directory. */
    public static final String FILE = CheckpointFile.NAME;

    /** Writes {@code dir/checkpoint.json} atomically: a temporary file, then a rename over the old one. */
    public void write(Path dir) {
        ObjectNode root = CheckpointFile.root(Kind.ES, iteration, envSteps, episodes, wallSeconds, totals);
        root.put("params-sha256", sha256(state.parameters()));
        putArray(root, "parameters", state.parameters());
        putOptimizer(root, state.optimizer());
        root.put("generation", state.generation());
        putScalar(root, "best-fitness", state.bestFitness());
        putArray(root, "best-parameters", state.bestParameters());
        root.put("filter-count", filter.count());
        putArray(root, "filter-mean", filter.mean());
        putArray(root, "filter-m2", filter.m2());
        CheckpointFile.write(dir, root);
    }

    /** Reads {@code dir/checkpoint.json}, which an evolution-strategies run wrote. */
    public static Checkpoint read(Path dir) {
        return CheckpointFile.read(dir, Kind.ES, n -> new Checkpoint(n.get("iteration").asLong(),
                n.get("env-steps").asLong(), n.get("episodes").asLong(), scalar(n, "wall-seconds"),
                CheckpointFile.totals(n),
                new EsState(array(n, "parameters"), optimizerState(n), n.get("generation").asLong(),
                        scalar(n, "best-fitness"), array(n, "best-parameters")),
                new MeanStdFilter(n.get("filter-count").asLong(), array(n, "filter-mean"), array(n, "filter-m2"))));
    }

    /** SHA-256 of the values as little-endian doubles, in hex: the identity of a parameter vector. */
    public static String sha256(double[] values) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CheckpointFile.bytes(values)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
