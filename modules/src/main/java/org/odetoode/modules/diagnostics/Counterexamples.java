package org.odetoode.modules.diagnostics;

import java.util.HashMap;
import java.util.Map;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/**
 * The five counterexamples of shared/research/gradient-diagnostics.md §2 to the reading of ODEtoODE's Lemma 4.1
 * ("hidden-state gradients neither vanish nor explode"), each built from this module's own networks with identity
 * projections (out = x_T, dL/dinput = dL/dx_0), so every number comes from the production forward and reverse passes
 * (through {@link UnrolledFlow}).
 * The reconstructed bound is e^{−βT} ≤ ‖∂x_T/∂x_0‖ ≤ e^{βT} for |f'| ≤ β and ‖W_t‖ ≤ 1.
 * <ol>
 *   <li>d = 1, W = ±1, f = id: the gain is e^{±T}, the bound is attained.</li>
 *   <li>W = R(θ) constant, f = id: the gain is e^{T cos θ}; only θ = ±π/2 is isometric.</li>
 *   <li>b_ψ = ψJ, W_0 = I, f = id, so W_t = R(ψt) and x_T = e^{sin(ψT)/ψ} R((1 − cos ψT)/ψ) x_0: the state gain
 *       stays ≤ e on ψ ∈ [1, 2], yet L(ψ) = ½‖x_T − x_0‖² oscillates with period ≈ 2π/T (≈ T/2π local minima).</li>
 *   <li>f = tanh(u + b), W = I, d = 2, x_0 = (0.5, −0.5), T = 5, L = ½‖x_T‖²: at b = 3 the state gain is ≈ 1 but
 *       ‖∂L/∂W‖ has fallen to under 1e-2 of its b = 0 value (tanh' ≈ 4e^{−2|b|}).</li>
 *   <li>W_t = M on [0, T/2) and −M on [T/2, T], f = id: x_T = x_0 for every M, so ∂L/∂M = 0 while the state gain
 *       is exactly 1 (Nestaas' cancellation); the Euler discretisation leaves O(h).</li>
 * </ol>
 * Flows use RK4 with {@value #STEPS_PER_UNIT_TIME} steps per unit time (ce5: Euler, the ResNet form).
 */
public final class Counterexamples {
    /** RK4 steps per unit of T: relative error ≲ 1e-7 for the rates ≤ 2 used here. */
    public static final int STEPS_PER_UNIT_TIME = 40;

    private Counterexamples() {
    }

    private static int steps(double horizon) {
        return Math.max(40, (int) Math.ceil(STEPS_PER_UNIT_TIME * horizon));
    }

    /** A network from overrides with identity projections, so out = x_T. */
    static OdeNetwork identityProjected(String policy, int d, Map<String, String> overrides) {
        OdeNetwork net = (OdeNetwork) Policies.network(policy, d, d, overrides);
        double[] eye = Matrices.identity(d);
        setBlock(net, "in.W", eye);
        setBlock(net, "in.b", new double[d]);
        setBlock(net, "out.W", eye);
        setBlock(net, "out.b", new double[d]);
        return net;
    }

    /** Overwrites the named parameter block. */
    static void setBlock(Network net, String name, double... values) {
        ParameterBlock b = block(net, name);
        if (b.length() != values.length) {
            throw new IllegalArgumentException("Block " + name + " has " + b.length() + " entries, got " + values.length);
        }
        double[] p = net.parameters();
        System.arraycopy(values, 0, p, b.offset(), values.length);
        net.setParameters(p);
    }

    static ParameterBlock block(Network net, String name) {
        return net.parameterBlocks().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no block " + name + " in " + net.parameterBlocks()));
    }

    private static Map<String, String> linearFlow(int d, double horizon) {
        Map<String, String> hp = new HashMap<>();
        hp.put("d", Integer.toString(d));
        hp.put("steps", Integer.toString(steps(horizon)));
        hp.put("T", Double.toString(horizon));
        hp.put("activation", "identity");
        hp.put("solver", "rk4");
        return hp;
    }

    /** The singular values of ∂x_T/∂x_0 of a network with identity projections, at input x_0. */
    static JacobianSpectrum spectrum(OdeNetwork net, double[] x0, Loss loss) {
        return JacobianSpectrum.of(UnrolledFlow.of(net, x0, loss).chain());
    }

    /** ce1: ‖∂x_T/∂x_0‖ of dx/dt = w·x (BaseODE, d = 1, f = id). */
    public static double scalarGain(double w, double horizon) {
        OdeNetwork net = identityProjected("baseode", 1, linearFlow(1, horizon));
        setBlock(net, "flow.W", w);
        return spectrum(net, new double[] {0.7}, Loss.linear(new double[] {1.0})).finalMaxGain();
    }

    /** ce2: the singular values (σ_max, σ_min) of ∂x_T/∂x_0 for dx/dt = R(θ)x. */
    public static double[] rotationGain(double theta, double horizon) {
        OdeNetwork net = identityProjected("baseode", 2, linearFlow(2, horizon));
        setBlock(net, "flow.W", Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta));
        JacobianSpectrum s = spectrum(net, new double[] {0.3, -0.4}, Loss.linear(new double[] {1.0, 1.0}));
        return new double[] {s.finalMaxGain(), s.finalMinGain()};
    }

    /** x_0 of counterexample 3. */
    public static final double[] CE3_X0 = {1.0, 0.0};

    /** ce3's network: W_0 = I and the constant unrestricted generator b = ψJ (skew, so W_t = R(ψt) stays on O(2)). */
    public static OdeNetwork rotatingGenerator(double psi, double horizon) {
        Map<String, String> hp = linearFlow(2, horizon);
        hp.put("flow", "constant");
        hp.put("w0", "learned");
        OdeNetwork net = identityProjected("odetoode-unrestricted", 2, hp);
        setBlock(net, "flow.W0", 1, 0, 0, 1);
        setBlock(net, "flow.A", 0, -psi, psi, 0);
        return net;
    }

    /** ce3's closed form x_T = e^{sin(ψT)/ψ} R((1 − cos ψT)/ψ) x_0. */
    public static double[] rotatingClosedForm(double psi, double horizon, double[] x0) {
        double scale = Math.exp(Math.sin(psi * horizon) / psi);
        double phi = (1 - Math.cos(psi * horizon)) / psi;
        return new double[] {scale * (Math.cos(phi) * x0[0] - Math.sin(phi) * x0[1]),
            scale * (Math.sin(phi) * x0[0] + Math.cos(phi) * x0[1])};
    }

    /** ce3's loss L(ψ) = ½‖x_T − x_0‖² sampled over ψ ∈ [1, 2] on {@code points} points, through the network. */
    public static LossSlice rotatingSlice(double horizon, int points) {
        OdeNetwork net = rotatingGenerator(1.0, horizon);
        ParameterBlock a = block(net, "flow.A");
        double[] p = net.parameters();
        double[] out = new double[2];
        Loss loss = Loss.quadratic(CE3_X0);
        return LossSlice.of(LossSlice.grid(1.0, 2.0, points), psi -> {
            p[a.offset() + 1] = -psi;
            p[a.offset() + 2] = psi;
            net.setParameters(p);
            net.forward(CE3_X0, out);
            return loss.value(out);
        });
    }

    /**
     * ce4's numbers at bias b.
     *
     * @param stateGain σ_max(∂x_T/∂x_0)
     * @param stateGainMin σ_min(∂x_T/∂x_0)
     * @param weightGradient ‖∂L/∂W‖_F for the constant W (BaseODE's flow.W)
     * @param adjointScore q95/q05 of ‖a_k‖ over the trajectory
     */
    public record Saturation(double stateGain, double stateGainMin, double weightGradient, double adjointScore) {
    }

    /** x_0 of counterexample 4. */
    public static final double[] CE4_X0 = {0.5, -0.5};
    /** T of counterexample 4. */
    public static final double CE4_HORIZON = 5.0;

    /** ce4: f = tanh(u + b) with W = I, d = 2, x_0 = (0.5, −0.5), T = 5, L = ½‖x_T‖². */
    public static Saturation saturation(double b) {
        Map<String, String> hp = linearFlow(2, CE4_HORIZON);
        hp.put("activation", "tanh");
        hp.put("bias", "true");
        OdeNetwork net = identityProjected("baseode", 2, hp);
        setBlock(net, "flow.W", 1, 0, 0, 1);
        setBlock(net, "bias", b, b);
        UnrolledFlow flow = UnrolledFlow.of(net, CE4_X0, Loss.quadratic(new double[2]));
        JacobianSpectrum s = JacobianSpectrum.of(flow.chain());
        ParameterBlock w = block(net, "flow.W");
        double g = 0.0;
        for (int i = 0; i < w.length(); i++) {
            double v = flow.gradients().parameters()[w.offset() + i];
            g += v * v;
        }
        return new Saturation(s.finalMaxGain(), s.finalMinGain(), Math.sqrt(g), s.adjointScore());
    }

    /**
     * ce5's numbers.
     *
     * @param stateGain σ_max(∂x_T/∂x_0) with the sign flip
     * @param stateGainMin σ_min(∂x_T/∂x_0) with the sign flip
     * @param cancelledGradient ‖∂L/∂M‖ with W = M then −M
     * @param referenceGradient ‖∂L/∂M‖ with W = M throughout
     */
    public record Cancellation(double stateGain, double stateGainMin, double cancelledGradient,
            double referenceGradient) {
    }

    /** The M of counterexample 5: non-normal, so nothing commutes by accident. */
    public static final double[] CE5_M = {0.3, 1.0, -0.5, 0.2};

    /** ce5 on the ResNet form x_{k+1} = x_k + h W_k x_k, d = 2, T = 2, N steps (even), L = ½‖x_T − (1, −1)‖². */
    public static Cancellation cancellation(int steps) {
        if (steps < 2 || steps % 2 != 0) {
            throw new IllegalArgumentException("Counterexample 5 needs an even number of steps >= 2, got " + steps);
        }
        double[] grads = new double[2];
        JacobianSpectrum flipped = null;
        for (int flip = 0; flip < 2; flip++) {
            Map<String, String> hp = new HashMap<>(Map.of("d", "2", "steps", Integer.toString(steps), "T", "2",
                    "activation", "identity", "bias", "false"));
            OdeNetwork net = identityProjected("resnet", 2, hp);
            double[] layers = new double[steps * 4];
            for (int k = 0; k < steps; k++) {
                double sign = flip == 1 && k >= steps / 2 ? -1.0 : 1.0;
                for (int i = 0; i < 4; i++) {
                    layers[4 * k + i] = sign * CE5_M[i];
                }
            }
            setBlock(net, "flow.W[layers]", layers);
            UnrolledFlow flow = UnrolledFlow.of(net, new double[] {0.6, 0.8}, Loss.quadratic(new double[] {1, -1}));
            // θ = M enters layer k as ±M, so ∂L/∂M = Σ_k ±∂L/∂W_k.
            double[] gm = new double[4];
            int off = block(net, "flow.W[layers]").offset();
            for (int k = 0; k < steps; k++) {
                double sign = flip == 1 && k >= steps / 2 ? -1.0 : 1.0;
                for (int i = 0; i < 4; i++) {
                    gm[i] += sign * flow.gradients().parameters()[off + 4 * k + i];
                }
            }
            grads[flip] = Stats.norm(gm);
            if (flip == 1) {
                flipped = JacobianSpectrum.of(flow.chain());
            }
        }
        return new Cancellation(flipped.finalMaxGain(), flipped.finalMinGain(), grads[1], grads[0]);
    }
}
