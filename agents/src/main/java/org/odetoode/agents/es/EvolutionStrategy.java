package org.odetoode.agents.es;

import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.shaping.FitnessShaping;
import org.odetoode.agents.shaping.TopDirections;

/**
 * Antithetic evolution strategies as data: a sampler of directions, a selection of directions, a fitness shaper,
 * an estimator form and an optimiser. Each registered agent is one combination ({@link Strategies}).
 *
 * <p>tell: keep the selected b of m directions ({@link TopDirections}), shape the 2b returns of their candidates
 * into utilities u, and estimate
 * <pre>  g = Σ_i (u(θ + σε_i) − u(θ − σε_i)) ε_i / (b · c)</pre>
 * with c = 2σ for {@link Form#CENTRAL_DIFFERENCE} (Salimans et al. 2017, eq. 2 with antithetic pairs; with
 * {@code none} shaping g is an unbiased estimate of the gradient of the Gaussian-smoothed return) and c = 1 for
 * {@link Form#ARS} (Mania et al. 2018, Alg. 2: σ folded into the step size α). The optimiser then ascends
 * g − λθ (weight decay λ).
 *
 * @param name the registered name
 * @param populationSize candidates per iteration, 2m
 * @param sigma σ
 * @param sampler draws ε_1 .. ε_m
 * @param selection which directions enter the estimate
 * @param shaping utilities from returns
 * @param form the estimator's scaling
 * @param optimizer the update rule
 * @param weightDecay λ
 */
public record EvolutionStrategy(String name, int populationSize, double sigma, PerturbationSampler sampler,
        TopDirections selection, FitnessShaping shaping, Form form, Optimizer optimizer, double weightDecay)
        implements Strategy {

    /** How the estimate is scaled. */
    public enum Form {
        /** Divide by 2σ: a central finite difference per direction. */
        CENTRAL_DIFFERENCE,
        /** No σ: ARS's form. */
        ARS
    }

    public EvolutionStrategy {
        if (populationSize < 2 || populationSize % 2 != 0) {
            throw new IllegalArgumentException("population-size must be an even integer >= 2 for antithetic sampling,"
                    + " got " + populationSize);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        if (selection.count() > populationSize / 2) {
            throw new IllegalArgumentException("top-directions " + selection.count() + " exceeds the "
                    + populationSize / 2 + " directions (population-size " + populationSize + " / 2)");
        }
    }

    @Override
    public EsState init(double[] parameters) {
        return new EsState(parameters.clone(), optimizer.init(parameters.length), 0, Double.NEGATIVE_INFINITY,
                parameters.clone());
    }

    @Override
    public Population ask(EsState state, long seed) {
        return new Population(state.parameters(), sigma,
                sampler.sample(populationSize / 2, state.parameters().length, seed));
    }

    @Override
    public Told tell(EsState state, Population population, double[] fitness) {
        int m = population.perturbations().directions();
        if (fitness.length != 2 * m) {
            throw new IllegalArgumentException("tell needs " + 2 * m + " fitness values, got " + fitness.length);
        }
        double[] plus = new double[m];
        double[] minus = new double[m];
        for (int i = 0; i < m; i++) {
            plus[i] = fitness[2 * i];
            minus[i] = fitness[2 * i + 1];
        }
        int[] used = selection.select(plus, minus);
        int b = used.length;
        double[] usedFitness = new double[2 * b];
        for (int k = 0; k < b; k++) {
            usedFitness[2 * k] = plus[used[k]];
            usedFitness[2 * k + 1] = minus[used[k]];
        }
        double[] u = shaping.shape(usedFitness);
        double scale = 1.0 / (b * (form == Form.CENTRAL_DIFFERENCE ? 2.0 * sigma : 1.0));
        double[] theta = state.parameters();
        double[] g = new double[theta.length];
        for (int k = 0; k < b; k++) {
            population.perturbations().addTo(used[k], (u[2 * k] - u[2 * k + 1]) * scale, g);
        }
        double[] ascent = g.clone();
        for (int j = 0; j < theta.length; j++) {
            ascent[j] -= weightDecay * theta[j];
        }
        Optimizer.Step step = optimizer.step(state.optimizer(), theta, ascent);
        double norm = 0.0;
        for (int j = 0; j < theta.length; j++) {
            double dj = step.parameters()[j] - theta[j];
            norm += dj * dj;
        }
        // NaN never becomes best: the comparison is false for NaN.
        double best = state.bestFitness();
        double[] bestParameters = state.bestParameters();
        for (int c = 0; c < fitness.length; c++) {
            if (fitness[c] > best) {
                best = fitness[c];
                bestParameters = new double[theta.length];
                population.candidate(c, bestParameters);
            }
        }
        EsState next = new EsState(step.parameters(), step.state(), state.generation() + 1, best, bestParameters);
        return new Told(next, g, Math.sqrt(norm), b);
    }
}
