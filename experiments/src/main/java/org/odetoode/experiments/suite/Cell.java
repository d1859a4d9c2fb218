package org.odetoode.experiments.suite;

import org.odetoode.agents.TrainConfig;

/**
 * One run of a suite's matrix: an env, a policy entry and a seed, resolved to a full training config.
 *
 * @param name the cell's directory name, {@code ENV__LABEL__seedN}
 * @param env the environment id
 * @param label the policy entry's label (the policy name unless the entry names one)
 * @param seed the run seed
 * @param parameterCount the policy's trainable parameters, or {@link #UNKNOWN}
 * @param config the resolved config; its {@code threads} is the default and is set when the cell runs
 */
public record Cell(String name, String env, String label, long seed, int parameterCount, TrainConfig config) {
    /** The parameter count of a policy that cannot be built: its flow blows up at the initial parameters. */
    public static final int UNKNOWN = -1;

    /** The cell directory name of an env, a policy label and a seed. */
    static String name(String env, String label, long seed) {
        return env + "__" + label + "__seed" + seed;
    }

    /** The policy network's name. */
    public String policy() {
        return config.policy();
    }

    /** The agent. */
    public String agent() {
        return config.agent();
    }
}
