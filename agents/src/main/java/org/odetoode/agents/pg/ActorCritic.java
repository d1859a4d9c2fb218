package org.odetoode.agents.pg;

import java.util.Map;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.BoxHead;
import org.odetoode.modules.policy.DiscreteHead;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.policy.Policy;

/**
 * CleanRL's {@code Agent}: an actor (a policy network from {@code modules} and its {@link ActionDistribution}) and a
 * separate critic V(s), the {@code mlp} 64×64 tanh, trained together from one flat parameter vector
 * θ = [policy network | distribution (log σ) | value network]. Owns network scratch, so one instance serves one
 * thread; {@link #copy()} makes another.
 */
public final class ActorCritic {
    /** The critic's body: {@link Policies#network} {@code mlp}, two hidden layers of 64 tanh units. */
    public static final Map<String, String> VALUE_NETWORK = Map.of("hidden", "64", "layers", "2", "activation", "tanh");

    private final Policy policy;
    private final ActionDistribution distribution;
    private final Network value;
    private final double[] theta;
    private final double[] valueOut = new double[1];
    private final double[] output;
    private double[] source;

    private ActorCritic(Policy policy, ActionDistribution distribution, Network value) {
        this.policy = policy;
        this.distribution = distribution;
        this.value = value;
        this.theta = new double[parameterCount()];
        this.output = new double[policy.network().outputSize()];
        System.arraycopy(policy.network().parameters(), 0, theta, 0, policy.network().parameterCount());
        System.arraycopy(value.parameters(), 0, theta, valueOffset(), value.parameterCount());
    }

    /**
     * The actor-critic for {@code policy} (its network and head as built for the environment): a categorical over
     * a {@link DiscreteHead}, a Gaussian over a {@link BoxHead}; the critic seeded with {@code valueSeed}. θ starts at
     * the networks' initial parameters and log σ = {@code logStdInit}.
     */
    public static ActorCritic create(Policy policy, double logStdInit, long valueSeed) {
        ActionDistribution d = policy.head() instanceof DiscreteHead h ? new Categorical(h)
                : new DiagonalGaussian((BoxHead) policy.head(), logStdInit);
        Map<String, String> hp = new java.util.HashMap<>(VALUE_NETWORK);
        hp.put("seed", Long.toString(valueSeed));
        Network v = Policies.network("mlp", policy.network().inputSize(), 1, hp);
        ActorCritic ac = new ActorCritic(policy, d, v);
        d.initialize(ac.theta, ac.distributionOffset());
        return ac;
    }

    /** Total parameters in θ. */
    public int parameterCount() {
        return policy.network().parameterCount() + distribution.parameterCount() + value.parameterCount();
    }

    /** Where log σ starts in θ (= the policy network's parameter count). */
    public int distributionOffset() {
        return policy.network().parameterCount();
    }

    /** Where the critic's parameters start in θ. */
    public int valueOffset() {
        return distributionOffset() + distribution.parameterCount();
    }

    /** A copy of θ. */
    public double[] parameters() {
        return theta.clone();
    }

    /** The policy network's slice of θ: what the noiseless policy (evaluation, {@code params_sha256}) runs. */
    public double[] policyParameters(double[] all) {
        return java.util.Arrays.copyOf(all, distributionOffset());
    }

    /**
     * Loads θ into both networks.
     *
     * @throws ArithmeticException when the policy's weight flow diverges (unrestricted flows can)
     */
    public void setParameters(double[] all) {
        source = null;
        System.arraycopy(all, 0, theta, 0, theta.length);
        policy.network().setParameters(policyParameters(all));
        value.setParameters(java.util.Arrays.copyOfRange(all, valueOffset(), all.length));
        source = all;
    }

    /** The array last passed to {@link #setParameters}, or null (lets callers skip reloading the same θ). */
    public double[] loaded() {
        return source;
    }

    /** The θ this instance runs (live view; do not modify). */
    double[] theta() {
        return theta;
    }

    public Policy policy() {
        return policy;
    }

    public Network policyNetwork() {
        return policy.network();
    }

    public Network valueNetwork() {
        return value;
    }

    public ActionDistribution distribution() {
        return distribution;
    }

    /**
     * Samples the stochastic policy at {@code obs}: writes the sample (index or unsquashed draw) and the environment's
     * action, and returns log π(sample | obs).
     */
    public double act(double[] obs, org.odetoode.envs.Rng rng, double[] sample, double[] action) {
        policy.network().forward(obs, output);
        int off = distributionOffset();
        distribution.sample(output, theta, off, rng, sample);
        distribution.toAction(sample, action);
        return distribution.logProbability(output, theta, off, sample);
    }

    /** V(obs). */
    public double value(double[] obs) {
        value.forward(obs, valueOut);
        return valueOut[0];
    }

    /** An independent instance with the same structure and θ. */
    public ActorCritic copy() {
        ActorCritic c = new ActorCritic(policy.copy(), distribution, value.copy());
        System.arraycopy(theta, 0, c.theta, 0, theta.length);
        return c;
    }
}
