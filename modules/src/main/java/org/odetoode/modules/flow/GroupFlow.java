package org.odetoode.modules.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.linalg.Matrices;

/**
 * The ODEtoODE parameter flow dW/dt = W b_ψ(t, W), stepped as W_{j+1} = W_j E(dt·b_ψ(t_j, W_j)) with E from the
 * {@link Stepper} (Choromanski et al., "An Ode to an ODE", NeurIPS 2020, eq. 2 with a Lie-group Euler step).
 *
 * <p>Reverse mode: with Ḡ_{j+1} the total adjoint of W_{j+1},
 * dL/dW_j += Ḡ_{j+1} E_jᵀ, dL/dE_j = W_jᵀ Ḡ_{j+1}, dL/dA_j = E*(A_j, dL/dE_j) (for expm the adjoint Fréchet
 * derivative), then through b_ψ into ψ and W_j. A constant generator shares one A for every step, and the adjoint of
 * E is linear in its second argument, so the per-step dL/dE_j are summed and pushed through once.
 */
public final class GroupFlow implements ParameterFlow {
    private final int d;
    private final Generator generator;
    private final Stepper stepper;
    private final InitialWeights w0;
    private final Stepper.Scratch scratch;
    private final double[] gb;
    private final double[] ga;
    private final double[] ge;
    private final double[] geSum;
    private final double[] tmp;
    private double[][] stepA = new double[0][];
    private double[][] stepE = new double[0][];
    private final double[] stepLo;

    public GroupFlow(int d, Generator generator, Stepper stepper, InitialWeights w0) {
        this.d = d;
        this.generator = generator;
        this.stepper = stepper;
        this.w0 = w0;
        this.scratch = new Stepper.Scratch(d);
        int dd = d * d;
        gb = new double[dd];
        ga = new double[dd];
        ge = new double[dd];
        geSum = new double[dd];
        tmp = new double[dd];
        stepLo = new double[dd];
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int parameterCount() {
        return w0.parameterCount() + generator.parameterCount();
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        List<ParameterBlock> blocks = new ArrayList<>(w0.blocks(prefix, base));
        blocks.addAll(generator.blocks(prefix, base + w0.parameterCount()));
        return blocks;
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        w0.initialize(p, off);
        generator.initialize(rng, p, off + w0.parameterCount());
    }

    @Override
    public boolean staysOrthogonal() {
        return generator.isSkew() && stepper != Stepper.EULER && w0.isOrthogonal();
    }

    /** The stepper in use. */
    public Stepper stepper() {
        return stepper;
    }

    /** W_0 of the flow. */
    public InitialWeights initialWeights() {
        return w0;
    }

    /** The generator in use. */
    public Generator generator() {
        return generator;
    }

    /**
     * Room for m steps; grows only, since a network may ask for fewer steps than its grid has (see OdeNetwork), and
     * keeps the steps already stored, which {@link #extendWeights} continues from.
     */
    private void ensureSteps(int m) {
        if (stepA.length < m) {
            int had = stepA.length;
            stepA = java.util.Arrays.copyOf(stepA, m);
            stepE = java.util.Arrays.copyOf(stepE, m);
            for (int j = had; j < m; j++) {
                boolean shared = generator.isConstant() && j > 0;
                stepA[j] = shared ? stepA[0] : new double[d * d];
                stepE[j] = shared ? stepE[0] : new double[d * d];
            }
        }
    }

    @Override
    public void weights(double[] p, int off, double dt, int m, double[][] grid) {
        w0.compute(p, off, grid[0]);
        extendWeights(p, off, dt, 0, m, grid);
    }

    @Override
    public void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid) {
        ensureSteps(m);
        int gOff = off + w0.parameterCount();
        // A constant skew generator multiplies by the same E every step, so E's rounding-level defect would add up
        // linearly (about 6e-12 after 10,000 steps at d = 16); a correction of that size, held fixed (it carries no
        // gradient), keeps the drift a random walk. Varying generators draw a fresh E each step and need none.
        boolean polish = generator.isConstant() && staysOrthogonal();
        for (int j = from; j < m; j++) {
            if (j == 0 || !generator.isConstant()) {
                double[] a = stepA[j];
                generator.generate(p, gOff, j * dt, grid[j], a);
                for (int k = 0; k < d * d; k++) {
                    a[k] *= dt;
                }
                checkFinite(a, "b(t, W)", j, dt);
                stepper.stepMatrix(scratch, a, stepE[j]);
                if (polish) {
                    Matrices.orthogonalCorrection(d, stepE[0], stepLo);
                }
            }
            Matrices.mul(d, grid[j], stepE[j], grid[j + 1]);
            if (polish) {
                Matrices.mul(d, grid[j], stepLo, tmp);
                Matrices.addScaled(d, grid[j + 1], 1.0, tmp);
            }
            // A finite b can still carry W past the double range within a step (expm of a large generator).
            checkFinite(grid[j + 1], "W", j, dt);
        }
    }

    /** A non-finite entry means the flow blew up in step j: the caller treats the parameters as diverged. */
    private void checkFinite(double[] values, String what, int j, double dt) {
        for (int k = 0; k < d * d; k++) {
            if (!Double.isFinite(values[k])) {
                throw new ArithmeticException("the parameter flow diverged at t = " + (j * dt) + " (step " + j + "): "
                        + what + " is not finite." + (generator.isSkew() ? ""
                        : " Unrestricted flows can blow up in finite time; try a smaller T or smaller parameters."));
            }
        }
    }

    @Override
    public void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp) {
        int gOff = off + w0.parameterCount();
        boolean constant = generator.isConstant();
        java.util.Arrays.fill(geSum, 0.0);
        // gw[j+1] holds the total adjoint Ḡ_{j+1} once the loop reaches step j.
        for (int j = m - 1; j >= 0; j--) {
            double[] gNext = gw[j + 1];
            Matrices.mulTransA(d, grid[j], gNext, ge);
            Matrices.mulTransB(d, gNext, stepE[j], tmp);
            Matrices.addScaled(d, gw[j], 1.0, tmp);
            if (constant) {
                Matrices.addScaled(d, geSum, 1.0, ge);
                continue;
            }
            stepper.stepMatrixAdjoint(scratch, stepA[j], stepE[j], ge, ga);
            for (int k = 0; k < d * d; k++) {
                gb[k] = dt * ga[k];
            }
            generator.generateAdjoint(p, gOff, j * dt, grid[j], gb, gp, gw[j]);
        }
        if (constant && m > 0) {
            stepper.stepMatrixAdjoint(scratch, stepA[0], stepE[0], geSum, ga);
            for (int k = 0; k < d * d; k++) {
                gb[k] = dt * ga[k];
            }
            generator.generateAdjoint(p, gOff, 0.0, grid[0], gb, gp, tmp);
        }
        w0.adjoint(p, off, gw[0], gp);
    }
}
