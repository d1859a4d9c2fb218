package org.odetoode.agents.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.agents.Trainer;

/**
 * Issue 5 learning-curve targets that take minutes: {@code mvn -pl agents -am test -Pbench
 * -Dtest=LearningCurveBenchTest}. Each prints its final evaluation (100 episodes) per seed.
 */
@Tag("bench")
class LearningCurveBenchTest {

    @TempDir
    Path tmp;

    /** A run's result and the best evaluation it reached (periodic and final). */
    private record Outcome(TrainResult result, double bestEval) {
    }

    private Outcome train(String name, Map<String, String> overrides) {
        TrainConfig c = TrainConfig.resolve(Map.of(), overrides);
        double[] best = {Double.NEGATIVE_INFINITY};
        TrainResult r = Trainer.create(c, tmp.resolve(name), false).run((step, m) -> {
            if (m.containsKey("eval/return_mean")) {
                best[0] = Math.max(best[0], m.get("eval/return_mean"));
                System.out.printf("%s iteration %d env steps %,.0f eval %.1f%n", name, step,
                        m.get("charts/env_steps"), m.get("eval/return_mean"));
            }
        });
        System.out.printf("%s: final eval %.2f, %,d env steps, %.0f s%n", name, r.finalEvalReturn(), r.envSteps(),
                r.wallSeconds());
        return new Outcome(r, Math.max(best[0], r.finalEvalReturn()));
    }

    private static Map<String, String> of(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Pendulum-v1 with odetoode and ppo: ≥ −250 for 3 of 3 seeds in 1 M steps (about 3-5 min each on two cores;
     * measured −183.1, −166.3, −190.4 for seeds 0, 1, 2). ES reaches it only from some initial networks (seeds 0, 4,
     * 6, 8 of 0-8 with population 100, α 0.03, the mean-std filter), so the target is asserted for PPO. CleanRL's Box defaults (observation and return
     * normalisation, 10 epochs, clip 0.2, anneal) with the Pendulum settings of RL Zoo (γ = 0.9, 4 envs × 1024 steps,
     * minibatches of 64), α = 3e-3, and target-kl 0.02, without which late updates sometimes undo a solved policy.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void pendulumOdetoodePpo(long seed) {
        TrainResult r = train("Pendulum-v1-odetoode-ppo-" + seed, of("env", "Pendulum-v1", "agent", "ppo",
                "seed", Long.toString(seed), "max-env-steps", "1000000", "num-envs", "4", "num-steps", "1024",
                "num-minibatches", "64", "gamma", "0.9", "learning-rate", "3e-3", "target-kl", "0.02",
                "eval-every", "20")).result();
        assertTrue(r.finalEvalReturn() >= -250, "seed " + seed + ": " + r.finalEvalReturn());
    }

    /**
     * Issue 17's target: Pendulum-v1 with odetoode and es at the shipped defaults for the pair (the tuned-defaults.yaml
     * entry, chosen on seeds 100-119), ≥ −250 on at least 9 of the report seeds 0-9, none used for tuning. Prints every
     * seed's final and best evaluation and its restarts. At the es defaults alone 0 of 10 reached it: every run ended
     * pushing along θ̇ alone (a saturated linear controller that pumps energy and never catches the top, −724 to
     * −1124), because with a linear embedding the input reaches the output along the Euler skip path that no
     * nonlinearity bounds. The entry bounds it (embedding tanh), raises the population to 100 and σ to 0.15, and
     * restarts a run whose centre is below −400 after 200 iterations from another network seed (W_0 included: with
     * the same Haar W_0, fresh parameters stayed spinning). Measured: 10 of 10, −140 to −207, three runs restarted.
     */
    @Test
    void pendulumOdetoodeEsAtTheShippedDefaults() {
        int solved = 0;
        StringBuilder finals = new StringBuilder();
        for (long seed = 0; seed < 10; seed++) {
            Outcome o = train("Pendulum-v1-odetoode-es-" + seed, of("env", "Pendulum-v1", "policy", "odetoode",
                    "seed", Long.toString(seed)));
            solved += o.result().finalEvalReturn() >= -250 ? 1 : 0;
            finals.append(String.format(" %d: %.1f (best %.1f, %d restarts)", seed, o.result().finalEvalReturn(),
                    o.bestEval(), o.result().restarts()));
        }
        System.out.println("Pendulum-v1 odetoode es, final (best) per seed:" + finals);
        assertTrue(solved >= 9, solved + " of 10 seeds reached -250:" + finals);
    }

    /** MountainCarContinuous-v0 with odetoode and es: ≥ 90 for 2 of 3 seeds (σ large enough to find the goal). */
    @Test
    void mountainCarContinuousOdetoode() {
        int solved = 0;
        for (long seed = 0; seed < 3; seed++) {
            TrainResult r = train("MountainCarContinuous-v0-odetoode-" + seed, of("env", "MountainCarContinuous-v0",
                    "seed", Long.toString(seed), "iterations", "60", "sigma", "0.5", "observation-filter", "mean-std",
                    "eval-every", "20")).result();
            solved += r.finalEvalReturn() >= 90 ? 1 : 0;
        }
        assertTrue(solved >= 2, solved + " of 3 seeds reached 90");
    }

    /**
     * HalfCheetah-v3: ARS V2-t with a linear policy (Mania et al. 2018, HalfCheetah: 32 directions, b = 4,
     * α = 0.02, ν = 0.03) reaches ≥ 3000 (an evaluation of the centre, periodic or final) within 5 M env steps;
     * odetoode and odetoode-unrestricted with the same budget are reported, not asserted.
     */
    @Test
    void halfCheetahArs() {
        List<String> report = new ArrayList<>();
        int linearReached = 0;
        for (String policy : List.of("linear", "odetoode", "odetoode-unrestricted")) {
            for (long seed = 0; seed < 3; seed++) {
                Outcome o = train("HalfCheetah-v3-ars-" + policy + "-" + seed, of("env", "HalfCheetah-v3",
                        "agent", "ars", "policy", policy, "seed", Long.toString(seed), "iterations", "0",
                        "max-env-steps", "5000000", "eval-every", "20", "final-eval-episodes", "10"));
                report.add(String.format("%s seed %d: final %.1f, best %.1f", policy, seed,
                        o.result().finalEvalReturn(), o.bestEval()));
                if (policy.equals("linear") && o.bestEval() >= 3000) {
                    linearReached++;
                }
            }
        }
        report.forEach(System.out::println);
        assertTrue(linearReached == 3, linearReached + " of 3 linear seeds reached 3000");
    }
}
