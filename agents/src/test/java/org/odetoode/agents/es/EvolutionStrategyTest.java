package org.odetoode.agents.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.agents.optim.Sgd;
import org.odetoode.agents.shaping.FitnessShaping;
import org.odetoode.agents.shaping.TopDirections;

class EvolutionStrategyTest {
    private static final int DIM = 10;
    private static final double[] CENTER = {1, -2, 0.5, 3, 0, -1, 2, 0.25, -0.5, 1.5};

    /** f(θ) = −½ Σ a_j (θ_j − c_j)², ∇f = −a ⊙ (θ − c). */
    private static double f(double[] theta) {
        double s = 0.0;
        for (int j = 0; j < DIM; j++) {
            s += (j + 1) * (theta[j] - CENTER[j]) * (theta[j] - CENTER[j]);
        }
        return -0.5 * s;
    }

    private static double relativeError(PerturbationSampler sampler, int directions) {
        EvolutionStrategy es = new EvolutionStrategy("es", 2 * directions, 0.1, sampler,
                new TopDirections(directions, TopDirections.RankRule.MAX), FitnessShaping.NONE,
                EvolutionStrategy.Form.CENTRAL_DIFFERENCE, new Sgd(1.0, 0.0), 0.0);
        EsState s = es.init(new double[DIM]);
        Population p = es.ask(s, 42);
        double[] fitness = new double[p.size()];
        double[] x = new double[DIM];
        for (int c = 0; c < p.size(); c++) {
            p.candidate(c, x);
            fitness[c] = f(x);
        }
        double[] g = es.tell(s, p, fitness).gradient();
        double err = 0.0;
        double ref = 0.0;
        for (int j = 0; j < DIM; j++) {
            double truth = (j + 1) * CENTER[j];
            err += (g[j] - truth) * (g[j] - truth);
            ref += truth * truth;
        }
        return Math.sqrt(err / ref);
    }

    @Test
    void antitheticEstimateOnAQuadraticConvergesToTheGradient() {
        PerturbationSampler table = new PerturbationSampler.NoiseTableSampler(NoiseTable.shared(7, 1 << 20));
        double coarse = relativeError(table, 100);
        double fine = relativeError(table, 40_000);
        // Monte Carlo error falls as 1/√m: 400× the directions, about 20× smaller.
        assertTrue(fine < 0.03, "relative error with 40,000 directions: " + fine);
        assertTrue(fine < coarse / 5, "coarse " + coarse + ", fine " + fine);
    }

    @Test
    void orthogonalEstimateIsExactWithAFullBlockOfFixedLengthDirections() {
        // DIM orthogonal directions of length √DIM: Σ ε εᵀ = DIM·I, so the estimate equals the gradient.
        double err = relativeError(new OrthogonalSampler(OrthogonalSampler.RowNorm.SQRT_DIM), DIM);
        assertTrue(err < 1e-10, "relative error " + err);
    }

    @Test
    void nanNeverBecomesBest() {
        EvolutionStrategy es = new EvolutionStrategy("es", 4, 0.1,
                new PerturbationSampler.NoiseTableSampler(NoiseTable.shared(7, 1 << 16)),
                new TopDirections(2, TopDirections.RankRule.MAX), FitnessShaping.CENTERED_RANK,
                EvolutionStrategy.Form.CENTRAL_DIFFERENCE, new Sgd(0.1, 0.0), 0.0);
        EsState s = es.init(new double[3]);
        Population p = es.ask(s, 1);
        Strategy.Told told = es.tell(s, p, new double[] {Double.NaN, 1.0, -2.0, 0.5});
        assertEquals(1.0, told.state().bestFitness());
        for (double v : told.state().parameters()) {
            assertFalse(Double.isNaN(v));
        }
    }
}
