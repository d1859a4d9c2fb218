package org.odetoode.agents.pg;

import org.odetoode.envs.Rng;
import org.odetoode.modules.policy.BoxHead;

/**
 * u ~ N(μ, diag σ²) with μ the network output and log σ a learned vector independent of the state (CleanRL's
 * continuous PPO). The log-probability is that of the unsquashed draw u; the environment gets u through the policy's
 * {@link BoxHead} (tanh squash or clip into the bounds), whose noiseless action for μ is what evaluation runs.
 */
public record DiagonalGaussian(BoxHead head, double logStdInit) implements ActionDistribution {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

    @Override
    public int sampleSize() {
        return head.actionSize();
    }

    @Override
    public int parameterCount() {
        return head.actionSize();
    }

    @Override
    public void initialize(double[] theta, int off) {
        for (int i = 0; i < parameterCount(); i++) {
            theta[off + i] = logStdInit;
        }
    }

    @Override
    public void sample(double[] out, double[] theta, int off, Rng rng, double[] sample) {
        for (int i = 0; i < sample.length; i++) {
            sample[i] = out[i] + Math.exp(theta[off + i]) * rng.nextGaussian();
        }
    }

    /** Σ_i −(u_i − μ_i)²/(2σ_i²) − log σ_i − ½ log 2π. */
    @Override
    public double logProbability(double[] out, double[] theta, int off, double[] sample) {
        double s = 0.0;
        for (int i = 0; i < sample.length; i++) {
            double logStd = theta[off + i];
            double z = (sample[i] - out[i]) * Math.exp(-logStd);
            s += -0.5 * z * z - logStd - HALF_LOG_2PI;
        }
        return s;
    }

    /** Σ_i log σ_i + ½ (1 + log 2π). */
    @Override
    public double entropy(double[] out, double[] theta, int off) {
        double s = 0.0;
        for (int i = 0; i < parameterCount(); i++) {
            s += theta[off + i] + 0.5 + HALF_LOG_2PI;
        }
        return s;
    }

    /** ∂logπ/∂μ_i = z_i/σ_i, ∂logπ/∂log σ_i = z_i² − 1 (z = (u − μ)/σ); ∂H/∂log σ_i = 1. */
    @Override
    public void backward(double[] out, double[] theta, int off, double[] sample, double a, double b, double[] dOut,
            double[] gTheta) {
        for (int i = 0; i < sample.length; i++) {
            double inverseStd = Math.exp(-theta[off + i]);
            double z = (sample[i] - out[i]) * inverseStd;
            dOut[i] += a * z * inverseStd;
            gTheta[off + i] += a * (z * z - 1.0) + b;
        }
    }

    @Override
    public void toAction(double[] sample, double[] action) {
        head.act(sample, action);
    }
}
