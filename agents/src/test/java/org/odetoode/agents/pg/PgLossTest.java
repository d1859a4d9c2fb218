package org.odetoode.agents.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.envs.Rng;
import org.odetoode.modules.policy.ActionHead;
import org.odetoode.modules.policy.BoxHead;
import org.odetoode.modules.policy.DiscreteHead;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.policy.Policy;

/**
 * The PPO loss's reverse-mode gradient, through the odetoode policy (weight flow included), log σ and the value
 * network, against central finite differences of the loss itself, at a θ away from θ_old so that some ratios and
 * some values are clipped and others are not.
 */
class PgLossTest {
    private static final int ROWS = 7;
    private static final int[] ORDER = {3, 0, 6, 1, 5, 2, 4};
    private static final PgLoss.Coefficients COEFFICIENTS = new PgLoss.Coefficients(0.2, true, 0.05, 0.7);

    private static ActorCritic model(boolean box) {
        int obs = box ? 3 : 4;
        ActionHead head = box ? new BoxHead(new double[] {-2, -1}, new double[] {2, 1}, BoxHead.Squash.TANH)
                : new DiscreteHead(3);
        Policy policy = new Policy(Policies.network("odetoode", obs, head.outputSize(),
                Map.of("d", "4", "steps", "3", "seed", "5")), head);
        return ActorCritic.create(policy, -0.3, 11);
    }

    /** Rows sampled at θ_old, with V_old and targets that put rows inside the value clip and on both sides of it. */
    private static Batch batch(ActorCritic model, Random random) {
        int obs = model.policyNetwork().inputSize();
        Rng rng = new Rng(3);
        double[][] o = new double[ROWS][obs];
        double[][] samples = new double[ROWS][model.distribution().sampleSize()];
        double[] logp = new double[ROWS];
        double[] values = new double[ROWS];
        double[] adv = new double[ROWS];
        double[] ret = new double[ROWS];
        double[] action = new double[model.policy().head().actionSize()];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < obs; j++) {
                o[r][j] = random.nextGaussian();
            }
            logp[r] = model.act(o[r], rng, samples[r], action);
            // V (the value parameters stay at θ_old in the tests) against V_old and the target R, by row: inside the
            // clip; moved past it towards R, where the clipped term wins; moved past it away from R, where it loses.
            double v = model.value(o[r]);
            double g = random.nextGaussian();
            double move = Math.signum(g) * (r % 3 == 0 ? 0.1 : 0.3 + 0.2 * Math.abs(g));
            values[r] = v - move;
            adv[r] = random.nextGaussian();
            double beyond = Math.signum(move) * (0.2 + Math.abs(random.nextGaussian()));
            ret[r] = r % 3 == 2 ? values[r] - beyond : v + beyond;
        }
        return new Batch(o, samples, logp, values, adv, ret);
    }

    private static double loss(ActorCritic model, Batch b, double[] theta) {
        model.setParameters(theta);
        PgLoss.Terms t = new PgLoss.Terms();
        PgLoss.chunk(model, b, ORDER, advantages(b), 0, ROWS, ROWS, COEFFICIENTS,
                new double[PgLoss.gradientSize(model)], t);
        return t.loss(COEFFICIENTS);
    }

    private static double[] advantages(Batch b) {
        double[] a = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            a[i] = b.advantages()[ORDER[i]];
        }
        return a;
    }

    @ParameterizedTest(name = "box head: {0}")
    @ValueSource(booleans = {false, true})
    void gradientMatchesCentralFiniteDifferences(boolean box) {
        ActorCritic model = model(box);
        Random random = new Random(box ? 17 : 19);
        Batch b = batch(model, random);
        // Move θ away from θ_old: ratios spread out and some leave [1 − ε, 1 + ε].
        double[] theta = model.parameters();
        for (int i = 0; i < model.valueOffset(); i++) {
            theta[i] += 0.3 * random.nextGaussian();
        }
        model.setParameters(theta);

        // Two chunks, summed, then the shared reverse pass once.
        double[] g = new double[PgLoss.gradientSize(model)];
        PgLoss.Terms terms = new PgLoss.Terms();
        PgLoss.chunk(model, b, ORDER, advantages(b), 0, 3, ROWS, COEFFICIENTS, g, terms);
        PgLoss.chunk(model, b, ORDER, advantages(b), 3, ROWS, ROWS, COEFFICIENTS, g, terms);
        double[] grad = PgLoss.finish(model, g);
        assertTrue(terms.clipped > 0 && terms.clipped < ROWS, "some rows clipped, some not: " + terms.clipped);
        // Both value branches are compared below: rows where the clipped value term wins (flat in V) and rows where
        // the plain one does.
        int valueClipped = 0;
        for (int r = 0; r < ROWS; r++) {
            double v = model.value(b.observations()[r]);
            double old = b.values()[r];
            double vc = old + Math.max(-COEFFICIENTS.clipCoef(), Math.min(COEFFICIENTS.clipCoef(), v - old));
            double target = b.returns()[r];
            valueClipped += (vc - target) * (vc - target) > (v - target) * (v - target) ? 1 : 0;
        }
        assertTrue(valueClipped > 0 && valueClipped < ROWS, "value term clipped in some rows, not all: " + valueClipped);

        double h = 1e-6;
        for (int i = 0; i < theta.length; i += i < model.valueOffset() ? 1 : 13) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (loss(model, b, plus) - loss(model, b, minus)) / (2 * h);
            assertEquals(fd, grad[i], 1e-6 * Math.max(1.0, Math.abs(fd)), "parameter " + i + " of " + theta.length
                    + " (log σ from " + model.distributionOffset() + ", value from " + model.valueOffset() + ")");
        }
        // The distribution's own parameters (a Gaussian's log σ; a categorical has none) and the value network
        // actually carry gradient, so the comparisons above were not of zeros.
        double logStd = 0.0;
        for (int i = model.distributionOffset(); i < model.valueOffset(); i++) {
            logStd += Math.abs(grad[i]);
        }
        assertTrue(box ? logStd > 1e-3 : model.distributionOffset() == model.valueOffset(), "log σ gradient " + logStd);
        double value = 0.0;
        for (int i = model.valueOffset(); i < grad.length; i++) {
            value += Math.abs(grad[i]);
        }
        assertTrue(value > 1e-3, "value-network gradient " + value);
    }

    @ParameterizedTest(name = "box head: {0}")
    @ValueSource(booleans = {false, true})
    void theChunkSplitChangesNothingButRounding(boolean box) {
        ActorCritic model = model(box);
        Batch b = batch(model, new Random(23));
        double[] whole = new double[PgLoss.gradientSize(model)];
        PgLoss.chunk(model, b, ORDER, advantages(b), 0, ROWS, ROWS, COEFFICIENTS, whole, new PgLoss.Terms());
        double[] split = new double[whole.length];
        for (int from = 0; from < ROWS; from += 2) {
            PgLoss.chunk(model, b, ORDER, advantages(b), from, Math.min(ROWS, from + 2), ROWS, COEFFICIENTS, split,
                    new PgLoss.Terms());
        }
        double[] a = PgLoss.finish(model, whole);
        double[] c = PgLoss.finish(model, split);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], c[i], 1e-12 * Math.max(1.0, Math.abs(a[i])), "parameter " + i);
        }
    }

    @ParameterizedTest(name = "box head: {0}")
    @ValueSource(booleans = {false, true})
    void atThetaOldTheLossIsTheScoreFunctionEstimator(boolean box) {
        ActorCritic model = model(box);
        Batch b = batch(model, new Random(29));
        PgLoss.Terms t = new PgLoss.Terms();
        PgLoss.chunk(model, b, ORDER, advantages(b), 0, ROWS, ROWS, COEFFICIENTS,
                new double[PgLoss.gradientSize(model)], t);
        assertEquals(0.0, t.approxKl, 0.0, "every ratio is exactly 1");
        assertEquals(0, t.clipped);
        double expected = 0.0;
        for (double a : b.advantages()) {
            expected -= a;
        }
        assertEquals(expected, t.policy, 1e-12);
    }
}
