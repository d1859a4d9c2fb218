package org.odetoode.experiments.suite;

import java.util.Map;
import org.odetoode.agents.TrainConfig;
import org.odetoode.supervised.train.SupervisedConfig;

/**
 * One run of a suite's matrix: an env (or a dataset), a policy entry and a seed, resolved to a full config. A cell of
 * an RL suite has a training config; a cell of a supervised suite (one with {@code datasets:}) has a supervised
 * config instead, and {@code env} names its dataset.
 *
 * @param name the cell's directory name, {@code ENV__LABEL__seedN}
 * @param env the environment id, or the supervised cell's dataset
 * @param label the policy entry's label (the policy name unless the entry names one)
 * @param seed the run seed
 * @param parameterCount the policy's trainable parameters, or {@link #UNKNOWN}
 * @param config an RL cell's resolved config (null in a supervised cell); its {@code threads} is the default and is set
 *     when the cell runs
 * @param supervised a supervised cell's resolved config (null in an RL cell); its {@code threads} likewise
 */
public record Cell(String name, String env, String label, long seed, int parameterCount, TrainConfig config,
        SupervisedConfig supervised) {
    /** The parameter count of a policy that cannot be built: its flow blows up at the initial parameters. */
    public static final int UNKNOWN = -1;
    /** What {@link #agent()} says of a supervised cell: it trains by backpropagation, not with an RL agent. */
    public static final String SUPERVISED = "supervised";

    public Cell {
        if ((config == null) == (supervised == null)) {
            throw new IllegalArgumentException("a cell has exactly one of a training and a supervised config");
        }
    }

    /** An RL cell. */
    public Cell(String name, String env, String label, long seed, int parameterCount, TrainConfig config) {
        this(name, env, label, seed, parameterCount, config, null);
    }

    /** A supervised cell on {@code dataset}. */
    static Cell supervised(String name, String dataset, String label, long seed, int parameterCount,
            SupervisedConfig config) {
        return new Cell(name, dataset, label, seed, parameterCount, null, config);
    }

    /** The cell directory name of an env, a policy label and a seed. */
    static String name(String env, String label, long seed) {
        return env + "__" + label + "__seed" + seed;
    }

    /** Whether this is a supervised cell. */
    public boolean isSupervised() {
        return supervised != null;
    }

    /** The policy network's name. */
    public String policy() {
        return supervised != null ? supervised.policy() : config.policy();
    }

    /** The agent, or {@link #SUPERVISED}. */
    public String agent() {
        return supervised != null ? SUPERVISED : config.agent();
    }

    /** The config's keys, as the cell's config.yaml holds them. */
    public Map<String, Object> configMap() {
        return supervised != null ? supervised.toMap() : config.toMap();
    }
}
