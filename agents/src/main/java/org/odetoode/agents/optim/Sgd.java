package org.odetoode.agents.optim;

/**
 * Gradient ascent with momentum as in Salimans et al.'s starter code: v ← μ v + (1 − μ) g, θ ← θ + α v.
 * With μ = 0 it is ARS's plain step θ ← θ + α g (Mania et al. 2018, Alg. 2 line 7).
 *
 * @param learningRate α > 0
 * @param momentum μ in [0, 1)
 */
public record Sgd(double learningRate, double momentum) implements Optimizer {

    @Override
    public OptimizerState init(int dimension) {
        return new OptimizerState(0, new double[][] {new double[dimension]});
    }

    @Override
    public Step step(OptimizerState state, double[] parameters, double[] ascent) {
        double[] v = state.moments()[0].clone();
        double[] p = parameters.clone();
        for (int i = 0; i < p.length; i++) {
            v[i] = momentum * v[i] + (1.0 - momentum) * ascent[i];
            p[i] += learningRate * v[i];
        }
        return new Step(p, new OptimizerState(state.steps() + 1, new double[][] {v}));
    }
}
