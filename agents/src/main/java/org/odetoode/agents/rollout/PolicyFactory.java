package org.odetoode.agents.rollout;

import java.util.LinkedHashMap;
import java.util.Map;
import org.odetoode.envs.Env;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Discrete;
import org.odetoode.envs.spaces.Space;
import org.odetoode.modules.policy.ActionHead;
import org.odetoode.modules.policy.BoxHead;
import org.odetoode.modules.policy.DiscreteHead;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.policy.Policy;

/** Fits a policy from {@code modules} to an environment's spaces. */
public final class PolicyFactory {
    /** The hyperparameter that seeds a network, which follows the run's seed unless the options set it. */
    public static final String NETWORK_SEED = "seed";

    private PolicyFactory() {
    }

    /**
     * A policy for {@code env} with its initial parameters.
     *
     * @param seed the run seed; used as the network's {@code seed} unless {@code options} sets one
     * @throws IllegalArgumentException when the head does not fit the action space (e.g. discrete on a Box)
     */
    public static Policy create(String policy, Map<String, String> options, HeadKind head, long seed, Env env) {
        Space obs = env.observationSpace();
        Space act = env.actionSpace();
        ActionHead actionHead = head(head, act, env.id());
        Map<String, String> hp = new LinkedHashMap<>();
        if (!Policies.hyperparameters(policy).isEmpty()) {
            hp.put(NETWORK_SEED, Long.toString(seed));
        }
        hp.putAll(options);
        return new Policy(Policies.network(policy, obs.size(), actionHead.outputSize(), hp), actionHead);
    }

    private static ActionHead head(HeadKind kind, Space act, String envId) {
        if (act instanceof Discrete discrete) {
            if (kind == HeadKind.AUTO || kind == HeadKind.DISCRETE) {
                return new DiscreteHead(discrete.n());
            }
        } else if (act instanceof Box box) {
            if (kind == HeadKind.AUTO || kind == HeadKind.TANH) {
                return new BoxHead(box.low(), box.high(), BoxHead.Squash.TANH);
            }
            if (kind == HeadKind.CLIP) {
                return new BoxHead(box.low(), box.high(), BoxHead.Squash.CLIP);
            }
        }
        String needs = kind == HeadKind.DISCRETE ? "a Discrete" : "a Box";
        throw new IllegalArgumentException("action-head " + kind.key() + " needs " + needs + " action space, but "
                + envId + " has " + act + "; use action-head auto");
    }
}
