package org.odetoode.agents.optim;

/**
 * Adam (Kingma and Ba, 2015) ascending, with the bias correction folded into the step size:
 * α_t = α √(1 − β₂ᵗ) / (1 − β₁ᵗ), θ ← θ + α_t m / (√v + ε), as in Salimans et al.'s starter code.
 *
 * @param learningRate α > 0
 * @param beta1 β₁ in [0, 1)
 * @param beta2 β₂ in [0, 1)
 * @param epsilon ε > 0
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {

    @Override
    public OptimizerState init(int dimension) {
        return new OptimizerState(0, new double[][] {new double[dimension], new double[dimension]});
    }

    @Override
    public Step step(OptimizerState state, double[] parameters, double[] ascent) {
        long t = state.steps() + 1;
        double[] m = state.moments()[0].clone();
        double[] v = state.moments()[1].clone();
        double[] p = parameters.clone();
        double a = learningRate * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t));
        for (int i = 0; i < p.length; i++) {
            m[i] = beta1 * m[i] + (1.0 - beta1) * ascent[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * ascent[i] * ascent[i];
            p[i] += a * m[i] / (Math.sqrt(v[i]) + epsilon);
        }
        return new Step(p, new OptimizerState(t, new double[][] {m, v}));
    }
}
