package org.odetoode.agents;

import java.nio.file.Path;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.PolicyFactory;
import org.odetoode.envs.Env;
import org.odetoode.modules.policy.Policy;

/**
 * The policy a run directory holds: the checkpoint's {@code parameters} (θ: the evolution strategy's centre, or the
 * policy network of ppo/reinforce; never the ES {@code best-parameters}) and its frozen observation filter, with the
 * config that drew the network (after a restart, the restart's network seed).
 *
 * @param config the run's config
 * @param networkConfig the config the current network was drawn from: {@code config} itself, or
 *     {@link TrainConfig#restart(int)} of it after restarts
 * @param iteration the checkpoint's iteration
 * @param parameters θ
 * @param filter the observation filter, frozen (the identity when the run has none)
 */
public record SavedPolicy(TrainConfig config, TrainConfig networkConfig, long iteration, double[] parameters,
        MeanStdFilter filter) {

    /**
     * Reads the run in {@code runDir}.
     *
     * @throws InvalidConfigException (or the checkpoint reader's error) naming what is missing or broken
     */
    public static SavedPolicy read(Path runDir) {
        TrainConfig config = RunDirectory.read(runDir);
        if (config.policyGradient()) {
            PgCheckpoint c = PgCheckpoint.read(runDir);
            return new SavedPolicy(config, config, c.iteration(), c.policyParameters(), c.observationFilter());
        }
        Checkpoint c = Checkpoint.read(runDir);
        return new SavedPolicy(config, config.restart(c.totals().restarts()), c.iteration(), c.state().parameters(),
                c.filter());
    }

    /** A new instance of the run's environment, with its options and time limit. */
    public Env makeEnv() {
        return Trainer.makeEnv(config);
    }

    /** The policy for {@code env} as the run drew it, before any training, its forward in float64. */
    public Policy initialPolicy(Env env) {
        return PolicyFactory.create(networkConfig.policy(), networkConfig.policyOptions(), networkConfig.actionHead(),
                networkConfig.seed(), env);
    }

    /** The trained policy for {@code env}: θ in the run's network, its forward in float64. */
    public Policy trainedPolicy(Env env) {
        Policy p = initialPolicy(env);
        p.network().setParameters(parameters);
        return p;
    }
}
