package org.odetoode.modules.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.odetoode.modules.Activation;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.MemoryBudget;
import org.odetoode.modules.Names;
import org.odetoode.modules.flow.BasisWeights;
import org.odetoode.modules.flow.ConstantGenerator;
import org.odetoode.modules.flow.ConstantWeights;
import org.odetoode.modules.flow.GatedGenerator;
import org.odetoode.modules.flow.Generator;
import org.odetoode.modules.flow.GroupFlow;
import org.odetoode.modules.flow.HypernetFlow;
import org.odetoode.modules.flow.InitialWeights;
import org.odetoode.modules.flow.IsoGenerator;
import org.odetoode.modules.flow.LayerWeights;
import org.odetoode.modules.flow.ParameterFlow;
import org.odetoode.modules.flow.Stepper;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.MlpNetwork;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.solve.Tableau;

/**
 * Builds every network of the family by name and hyperparameters — the one way to make a policy body.
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><td>{@code odetoode}</td><td>ODEtoODE: W_t on O(d) by a skew generator and a group stepper</td></tr>
 *   <tr><td>{@code odetoode-unrestricted}</td><td>the same flows without the skew projection</td></tr>
 *   <tr><td>{@code hypernet}</td><td>free matrix ODE dW/dt = g(W, t) (ANODEV2-like)</td></tr>
 *   <tr><td>{@code baseode}</td><td>Neural ODE with constant W</td></tr>
 *   <tr><td>{@code resnet}</td><td>discrete residual net, independent weights per layer</td></tr>
 *   <tr><td>{@code nanode}</td><td>non-autonomous Neural ODE, W(t) a learned combination of time basis functions</td></tr>
 *   <tr><td>{@code mlp}</td><td>multilayer perceptron</td></tr>
 *   <tr><td>{@code linear}</td><td>linear map</td></tr>
 * </table>
 */
public final class Policies {
    /** Every policy name, in the order shown to users. */
    public static final List<String> NAMES = List.of("odetoode", "odetoode-unrestricted", "hypernet", "baseode",
            "resnet", "nanode", "mlp", "linear");

    private static final HyperParameter D = new HyperParameter("d", "16", "integer >= 1", "width of the hidden state x and of W");
    private static final HyperParameter STEPS = new HyperParameter("steps", "10", "integer >= 1", "number of solver steps N over [0, T]");
    private static final HyperParameter T = new HyperParameter("T", "1.0", "finite number > 0", "integration horizon");
    private static final HyperParameter ACTIVATION = new HyperParameter("activation", "tanh", "tanh, relu, sigmoid, identity", "nonlinearity f in dx/dt = f(W x + b)");
    private static final HyperParameter SOLVER = new HyperParameter("solver", "euler", "euler, midpoint, rk4", "explicit Runge-Kutta method of the main flow");
    private static final HyperParameter BIAS = new HyperParameter("bias", "false", "true, false", "add a learned bias b inside the flow");
    private static final HyperParameter EMBEDDING = new HyperParameter("embedding", "linear", "linear, tanh", "x_0 = P_in obs + c_in, or its tanh (bounds what a large input pushes through the Euler skip path)");
    private static final HyperParameter SEED = new HyperParameter("seed", "0", "integer", "seeds the Haar-random W_0 and the initial parameters");
    private static final HyperParameter FLOW = new HyperParameter("flow", "iso", "iso, constant, gated", "generator b_psi of the parameter flow");
    private static final HyperParameter STEPPER = new HyperParameter("stepper", "expm", "expm, cayley, euler", "step of the parameter flow: W expm(hB), Cayley, or W (I + hB)");
    private static final HyperParameter W0 = new HyperParameter("w0", "haar", "haar, learned", "W_0 fixed Haar-random, or learned");
    private static final HyperParameter GATES = new HyperParameter("gates", "2", "integer >= 1", "number of gates l of the gated generator");
    private static final HyperParameter HIDDEN_FLOW = new HyperParameter("hidden", "16", "integer >= 1", "hidden units of the generator MLPs (gated, hypernet)");
    private static final HyperParameter HIDDEN_MLP = new HyperParameter("hidden", "64", "integer >= 1", "hidden units per layer");
    private static final HyperParameter LAYERS = new HyperParameter("layers", "2", "integer >= 0", "number of hidden layers");
    private static final HyperParameter BASIS = new HyperParameter("basis", "fourier", "piecewise, fourier, polynomial", "time basis of W(t) = sum_k phi_k(t) A_k: K equal blocks, cos(k pi t/T), or Legendre P_k(2t/T - 1)");
    private static final HyperParameter BASIS_SIZE = new HyperParameter("basis-size", "4", "integer >= 1 (<= steps for piecewise)", "number K of basis functions, each with its own d-by-d A_k");
    private static final HyperParameter RESNET_BIAS = new HyperParameter("bias", "true", "true, false", "a learned bias per layer");

    private Policies() {
    }

    /** The hyperparameters a policy accepts, with defaults. */
    public static List<HyperParameter> hyperparameters(String policy) {
        return switch (checkName(policy)) {
            case "odetoode", "odetoode-unrestricted" -> List.of(D, STEPS, T, ACTIVATION, SOLVER, BIAS, EMBEDDING, FLOW, STEPPER, W0, GATES, HIDDEN_FLOW, SEED);
            case "hypernet" -> List.of(D, STEPS, T, ACTIVATION, SOLVER, BIAS, EMBEDDING, W0, HIDDEN_FLOW, SEED);
            case "baseode" -> List.of(D, STEPS, T, ACTIVATION, SOLVER, BIAS, EMBEDDING, SEED);
            case "resnet" -> List.of(D, STEPS, T, ACTIVATION, RESNET_BIAS, EMBEDDING, SEED);
            case "nanode" -> List.of(D, STEPS, T, ACTIVATION, SOLVER, BIAS, EMBEDDING, BASIS, BASIS_SIZE, SEED);
            case "mlp" -> List.of(HIDDEN_MLP, LAYERS, ACTIVATION, SEED);
            case "linear" -> List.of();
            default -> throw new IllegalStateException(policy);
        };
    }

    private static String checkName(String policy) {
        String p = policy == null ? "" : policy.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(p)) {
            throw InvalidHyperparameterException.of("policy", "Unknown policy `" + policy + "`. "
                    + Names.suggestion(p, NAMES) + "Known policies: " + String.join(", ", NAMES));
        }
        return p;
    }

    /**
     * Builds a network with its initial parameters set.
     *
     * @param policy one of {@link #NAMES}
     * @param inputSize observation size
     * @param outputSize raw output size (action size for Box, number of actions for Discrete)
     * @param overrides hyperparameters; every key must be one of {@link #hyperparameters(String)}
     */
    public static Network network(String policy, int inputSize, int outputSize, Map<String, String> overrides) {
        String name = checkName(policy);
        if (inputSize < 1) {
            throw new InvalidHyperparameterException("obs-dim", inputSize, "an integer >= 1");
        }
        if (outputSize < 1) {
            throw new InvalidHyperparameterException("act-dim", outputSize, "an integer >= 1");
        }
        Settings s = new Settings(name, hyperparameters(name), overrides);
        Network net = switch (name) {
            case "mlp" -> mlp(inputSize, outputSize, s);
            case "linear" -> new MlpNetwork(new int[] {inputSize, outputSize}, Activation.IDENTITY, 0L);
            default -> ode(name, inputSize, outputSize, s);
        };
        double[] init = net instanceof OdeNetwork o ? o.initialParameters() : ((MlpNetwork) net).initialParameters();
        net.setParameters(init);
        return net;
    }

    private static Network mlp(int in, int out, Settings s) {
        int hidden = s.positiveInt("hidden");
        int layers = s.nonNegativeInt("layers");
        int[] sizes = new int[layers + 2];
        sizes[0] = in;
        for (int i = 1; i <= layers; i++) {
            sizes[i] = hidden;
        }
        sizes[layers + 1] = out;
        // One array holds every weight (and one more the initial draw): a lower bound, and the largest array.
        double weights = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            weights += (double) sizes[i] * sizes[i + 1];
        }
        MemoryBudget.require("hidden", "mlp with hidden=" + hidden + ", layers=" + layers, "hidden or layers",
                2 * weights, weights);
        return new MlpNetwork(sizes, Activation.parse(s.get("activation")), s.longValue("seed"));
    }

    private static Network ode(String name, int in, int out, Settings s) {
        int d = s.positiveInt("d");
        int steps = s.positiveInt("steps");
        double horizon = s.positiveDouble("T");
        Activation activation = Activation.parse(s.get("activation"));
        long seed = s.longValue("seed");
        Tableau tableau = s.has("solver") ? Tableau.parse(s.get("solver")) : Tableau.EULER;
        boolean bias = s.bool("bias");
        requireMemory(name, in, out, d, s, tableau);
        double[] haar = Matrices.haarOrthogonal(d, new Random(seed ^ 0x5DEECE66DL));
        Supplier<ParameterFlow> flow = switch (name) {
            case "odetoode", "odetoode-unrestricted" -> groupFlow(name.equals("odetoode"), d, haar, s);
            case "hypernet" -> {
                InitialWeights.Mode mode = InitialWeights.Mode.parse(s.get("w0"));
                int hidden = s.positiveInt("hidden");
                yield () -> new HypernetFlow(d, hidden, new InitialWeights(d, mode, false, haar));
            }
            case "baseode" -> () -> new ConstantWeights(d, haar);
            case "resnet" -> () -> new LayerWeights(d, steps, seed ^ 0x5DEECE66DL);
            case "nanode" -> basisWeights(d, steps, horizon, haar, s);
            default -> throw new IllegalStateException(name);
        };
        OdeNetwork.BiasMode biasMode = !bias ? OdeNetwork.BiasMode.NONE
                : name.equals("resnet") ? OdeNetwork.BiasMode.PER_STEP : OdeNetwork.BiasMode.SHARED;
        return new OdeNetwork(in, out, d, steps, horizon, activation, tableau, flow, biasMode,
                OdeNetwork.Embedding.parse(s.get("embedding")), seed);
    }

    /**
     * Refuses an ODE network too large for the heap. A lower bound on the d × d matrices one holds: W_t at every grid
     * point and their packed copies for the forward, the Haar W_0; a group flow's two per step (the step's generator
     * and exponential) and four for W_0; the parameters of a hypernet, a resnet and a nanode (hidden, steps and
     * basis-size matrices), twice (the vector and its initial draw).
     */
    private static void requireMemory(String name, int in, int out, int d, Settings s, Tableau tableau) {
        int steps = s.positiveInt("steps");
        double gridPoints = (double) steps * tableau.gridResolution() + 1;
        double matrices = 2 * gridPoints + 1 + switch (name) {
            case "odetoode", "odetoode-unrestricted" -> 2 * (gridPoints - 1) + 4;
            case "hypernet" -> 2.0 * s.positiveInt("hidden");
            case "resnet" -> 2.0 * steps;
            case "nanode" -> 2.0 * s.positiveInt("basis-size");
            default -> 0;
        };
        double matrix = (double) d * d;
        MemoryBudget.require("d", name + " with d=" + d + ", steps=" + steps, "d or steps",
                matrices * matrix + (double) d * (in + out), matrix);
    }

    /** More piecewise blocks than solver steps would leave blocks that no step reads: refused. */
    private static Supplier<ParameterFlow> basisWeights(int d, int steps, double horizon, double[] haar, Settings s) {
        BasisWeights.Basis basis = BasisWeights.Basis.parse(s.get("basis"));
        int size = s.positiveInt("basis-size");
        if (basis == BasisWeights.Basis.PIECEWISE && size > steps) {
            throw new InvalidHyperparameterException("basis-size", size,
                    "at most steps (" + steps + ") for the piecewise basis, one block per step or fewer");
        }
        return () -> new BasisWeights(d, basis, size, horizon, haar);
    }

    private static Supplier<ParameterFlow> groupFlow(boolean restricted, int d, double[] haar, Settings s) {
        String flowName = s.get("flow").trim().toLowerCase(Locale.ROOT);
        Stepper stepper = Stepper.parse(s.get("stepper"));
        InitialWeights.Mode mode = InitialWeights.Mode.parse(s.get("w0"));
        int gates = s.positiveInt("gates");
        int hidden = s.positiveInt("hidden");
        Supplier<Generator> generator = switch (flowName) {
            case "iso" -> () -> new IsoGenerator(d, restricted);
            case "constant" -> () -> new ConstantGenerator(d, restricted);
            case "gated" -> () -> new GatedGenerator(d, restricted, gates, hidden);
            default -> throw new InvalidHyperparameterException("flow", s.get("flow"), "one of [iso, constant, gated]");
        };
        return () -> new GroupFlow(d, generator.get(), stepper, new InitialWeights(d, mode, restricted, haar));
    }

    /** Resolved hyperparameters: defaults overlaid by overrides, every key checked. */
    private static final class Settings {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, HyperParameter> specs = new LinkedHashMap<>();

        Settings(String policy, List<HyperParameter> allowed, Map<String, String> overrides) {
            for (HyperParameter h : allowed) {
                specs.put(h.key(), h);
                values.put(h.key(), h.defaultValue());
            }
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                if (!specs.containsKey(e.getKey())) {
                    List<String> keys = new ArrayList<>(specs.keySet());
                    throw InvalidHyperparameterException.of(e.getKey(), "Unknown hyperparameter `" + e.getKey()
                            + "` for policy " + policy + ". " + Names.suggestion(e.getKey(), keys)
                            + (keys.isEmpty() ? policy + " takes no hyperparameters" : "Valid keys: " + String.join(", ", keys)));
                }
                values.put(e.getKey(), e.getValue());
            }
        }

        boolean has(String key) {
            return specs.containsKey(key);
        }

        String get(String key) {
            return values.get(key);
        }

        private InvalidHyperparameterException invalid(String key) {
            return new InvalidHyperparameterException(key, values.get(key), specs.get(key).allowed());
        }

        int positiveInt(String key) {
            int v = intValue(key);
            if (v < 1) {
                throw invalid(key);
            }
            return v;
        }

        int nonNegativeInt(String key) {
            int v = intValue(key);
            if (v < 0) {
                throw invalid(key);
            }
            return v;
        }

        private int intValue(String key) {
            try {
                return Integer.parseInt(values.get(key).trim());
            } catch (NumberFormatException e) {
                throw invalid(key);
            }
        }

        long longValue(String key) {
            try {
                return Long.parseLong(values.get(key).trim());
            } catch (NumberFormatException e) {
                throw invalid(key);
            }
        }

        double positiveDouble(String key) {
            double v;
            try {
                v = Double.parseDouble(values.get(key).trim());
            } catch (NumberFormatException e) {
                throw invalid(key);
            }
            if (!(v > 0) || !Double.isFinite(v)) {
                throw invalid(key);
            }
            return v;
        }

        boolean bool(String key) {
            String v = values.get(key).trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw invalid(key);
            }
            return v.equals("true");
        }
    }
}
