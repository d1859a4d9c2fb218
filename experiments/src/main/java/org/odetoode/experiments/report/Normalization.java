package org.odetoode.experiments.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per environment, the (random, reference) pair that maps a return R to the normalised score
 * (R − random) / (reference − random): 0 is a uniformly random policy, 1 the reference. The reference is also the
 * threshold for "steps to threshold".
 *
 * <p>random: the mean return of 100 episodes of uniformly random actions (the action space's own sampler, env seeds
 * 0..99, action seed 0) in this project's environments, measured once and checked by {@code NormalizationTest}.
 * reference: Gymnasium's {@code reward_threshold} where it defines one, except for the MuJoCo locomotion tasks, where
 * it is the reward threshold that Mania et al. (2018, "Simple random search ...", ARS) used to count episodes to solve
 * a task, and Pendulum-v1, which has none (−200: about what the project's ppo runs reach).
 */
public final class Normalization {
    /**
     * A normalisation pair.
     *
     * @param random the random policy's mean return
     * @param reference the reference return (score 1, and the steps-to-threshold threshold)
     * @param source where the reference comes from
     */
    public record Range(double random, double reference, String source) {
        /** The normalised score of a return. */
        public double score(double value) {
            return (value - random) / (reference - random);
        }
    }

    private static final String GYMNASIUM = "Gymnasium reward_threshold";
    private static final String ARS = "ARS threshold (Mania et al. 2018)";

    private static final Map<String, Range> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("CartPole-v1", new Range(22.35, 475.0, GYMNASIUM));
        TABLE.put("CartPole-v0", new Range(22.35, 195.0, GYMNASIUM));
        TABLE.put("Acrobot-v1", new Range(-499.72, -100.0, GYMNASIUM));
        TABLE.put("MountainCar-v0", new Range(-200.0, -110.0, GYMNASIUM));
        TABLE.put("MountainCarContinuous-v0", new Range(-32.15, 90.0, GYMNASIUM));
        TABLE.put("Pendulum-v1", new Range(-1206.67, -200.0, "none in Gymnasium; about the project's ppo result"));
        TABLE.put("HalfCheetah-v3", new Range(-278.59, 3430.0, ARS));
        TABLE.put("Hopper-v3", new Range(18.66, 3120.0, ARS));
        TABLE.put("Walker2d-v3", new Range(2.67, 4390.0, ARS));
        TABLE.put("Swimmer-v3", new Range(-0.64, 325.0, ARS));
        TABLE.put("Ant-v3", new Range(-69.34, 3580.0, ARS));
        TABLE.put("Humanoid-v3", new Range(116.98, 6000.0, ARS));
        TABLE.put("Reacher-v2", new Range(-43.08, -3.75, GYMNASIUM));
        TABLE.put("InvertedPendulum-v2", new Range(5.71, 950.0, GYMNASIUM));
        TABLE.put("InvertedDoublePendulum-v2", new Range(58.60, 9100.0, GYMNASIUM));
    }

    private Normalization() {
    }

    /** The pair of {@code env}, if the table has one. */
    public static Optional<Range> of(String env) {
        return Optional.ofNullable(TABLE.get(env));
    }

    /** The whole table, in a fixed order. */
    public static Map<String, Range> table() {
        return Collections.unmodifiableMap(TABLE);
    }
}
