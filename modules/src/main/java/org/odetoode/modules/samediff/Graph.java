package org.odetoode.modules.samediff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.odetoode.modules.Activation;
import org.odetoode.modules.flow.Stepper;
import org.odetoode.modules.linalg.Matrices;

/**
 * A SameDiff graph under construction, in double precision, whose trainable variables are slices of one flat
 * parameter vector θ.
 *
 * <p>Each {@link #param} call makes its own variable for a slice of θ; the gradient of θ is the sum of the slices'
 * gradients at their offsets, so slices may overlap. Structured matrices (symmetric, strictly upper) are unpacked
 * by a product with a constant 0/1 selection matrix rather than by gather, whose gradient in ND4J 1.0.0-M2.1 is
 * assembled with a scatter update (put), not a scatter add, which is unsafe for repeated indices: in the product
 * every output entry is one parameter plus exact zeros, and its gradient sums the contributions exactly.
 *
 * <p>Matrix functions need a truncation chosen for the norm of their argument. The norms of the concrete matrices
 * at the current θ are handed in up front ({@code norms}, in the order the graph consumes them); each consumer
 * records the largest norm its truncation is accurate for, so that a later θ can be checked against the graph.
 */
final class Graph {
    final SameDiff sd = SameDiff.create();
    private final double[] theta;
    private final Map<String, Slice> slices = new HashMap<>();
    private final Map<Integer, SDVariable> identities = new HashMap<>();
    private final double[] norms;
    private final double[] capacities;
    private int cursor;

    /** A slice of θ held by one SameDiff variable. */
    record Slice(String name, int offset, long[] shape) {
        int length() {
            return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    Graph(double[] theta, double[] norms) {
        this.theta = theta.clone();
        this.norms = norms.clone();
        this.capacities = new double[norms.length];
    }

    /** The variable holding θ[offset .. offset + Π shape) in row-major order. */
    SDVariable param(int offset, long... shape) {
        String name = "theta_" + offset + "_" + String.join("x", Arrays.stream(shape).mapToObj(Long::toString).toList());
        Slice existing = slices.get(name);
        if (existing != null) {
            return sd.getVariable(name);
        }
        Slice s = new Slice(name, offset, shape.clone());
        slices.put(name, s);
        return sd.var(name, values(theta, s));
    }

    private static INDArray values(double[] p, Slice s) {
        return Nd4j.createFromArray(Arrays.copyOfRange(p, s.offset(), s.offset() + s.length())).reshape('c', s.shape());
    }

    /** Writes a new θ into the variables. */
    void assign(double[] p) {
        for (Slice s : slices.values()) {
            sd.getVariable(s.name()).getArr().assign(values(p, s));
        }
    }

    /** Names of the variables holding slices of θ. */
    List<String> parameterNames() {
        return new ArrayList<>(slices.keySet());
    }

    /** Adds the gradients of the slices, by variable name, into a flat gradient of θ. */
    void accumulate(Map<String, INDArray> gradients, double[] gp) {
        for (Slice s : slices.values()) {
            INDArray g = gradients.get(s.name());
            if (g == null) {
                continue; // the slice does not reach the loss (e.g. a weight-grid point no stage reads)
            }
            double[] flat = g.dup('c').data().asDouble();
            for (int k = 0; k < flat.length; k++) {
                gp[s.offset() + k] += flat[k];
            }
        }
    }

    /** A constant of the given shape from row-major values. */
    SDVariable constant(double[] values, long... shape) {
        return sd.constant(Nd4j.createFromArray(values.clone()).reshape('c', shape));
    }

    /** The d-by-d identity. */
    SDVariable identity(int d) {
        return identities.computeIfAbsent(d, k -> constant(Matrices.identity(k), k, k));
    }

    /** The d-by-d symmetric matrix whose upper triangle (diagonal included) is θ[offset ..], row by row. */
    SDVariable symmetric(int offset, int d) {
        int tri = d * (d + 1) / 2;
        double[] select = new double[tri * d * d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                select[k * d * d + i * d + j] = 1.0;
                select[k * d * d + j * d + i] = 1.0;
                k++;
            }
        }
        return unpack(offset, tri, select, d);
    }

    /** The d-by-d strictly upper-triangular matrix filled from θ[offset ..], row by row. */
    SDVariable strictlyUpper(int offset, int d) {
        int u = d * (d - 1) / 2;
        double[] select = new double[u * d * d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                select[k * d * d + i * d + j] = 1.0;
                k++;
            }
        }
        return unpack(offset, u, select, d);
    }

    private SDVariable unpack(int offset, int count, double[] select, int d) {
        if (count == 0) {
            return constant(new double[d * d], d, d);
        }
        SDVariable v = param(offset, 1, count);
        return sd.reshape(v.mmul(constant(select, count, (long) d * d)), d, d);
    }

    /** X − Xᵀ. */
    SDVariable skew(SDVariable x) {
        return x.sub(sd.transpose(x));
    }

    /** f(z), elementwise. */
    SDVariable activate(Activation f, SDVariable z) {
        return switch (f) {
            case TANH -> sd.math().tanh(z);
            case RELU -> sd.nn().relu(z, 0.0);
            case SIGMOID -> sd.nn().sigmoid(z);
            case IDENTITY -> z;
        };
    }

    /**
     * A fully connected net on row vectors x (batch-by-in), with {@link org.odetoode.modules.net.Mlp}'s layout at
     * θ[offset ..]: per layer the out-by-in weights then the biases; f after every layer but the last.
     */
    SDVariable mlp(int offset, int[] sizes, Activation f, SDVariable x) {
        int o = offset;
        SDVariable h = x;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            SDVariable w = param(o, out, in);
            SDVariable b = param(o + in * out, 1, out);
            h = sd.mmul(h, w, false, true, false).add(b);
            if (l + 2 < sizes.length) {
                h = activate(f, h);
            }
            o += in * out + out;
        }
        return h;
    }

    /** E(A) for the stepper, accurate while ‖A‖₁ stays within the capacity this call records. */
    SDVariable step(Stepper stepper, SDVariable a, int d) {
        double capacity = MatrixFunctions.capacity(stepper, norms[cursor]);
        capacities[cursor++] = capacity;
        return MatrixFunctions.step(this, stepper, a, d, capacity);
    }

    /** The largest argument norm each matrix function of the graph is accurate for, in consumption order. */
    double[] capacities() {
        if (cursor != norms.length) {
            throw new IllegalStateException("graph consumed " + cursor + " of " + norms.length + " matrix norms");
        }
        return capacities.clone();
    }
}
