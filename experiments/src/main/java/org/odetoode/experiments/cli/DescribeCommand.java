package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.HyperParameter;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.samediff.SameDiffCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code odetoode describe}: size and cost of a policy, and with {@code --check} its numerical health. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Print a policy's parameter count and the cost of one forward call.",
            "With --check, also on random parameters from --seed: orthogonality_drift (max_k ||W_k^T W_k - I||_F "
                + "over --check-steps parameter-flow steps), grad_rel_error (reverse mode vs 4th-order central "
                + "finite differences) and samediff_rel_error (reverse mode vs SameDiff autodiff)."})
public final class DescribeCommand implements Callable<Integer> {
    /** Keeps the timed forward calls observable, so the JIT cannot drop them. */
    private static volatile double blackhole;

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "NAME",
            description = "One of: odetoode, odetoode-unrestricted, hypernet, baseode, resnet, nanode, mlp, linear.")
    String policy;

    @Option(names = "--obs-dim", required = true, paramLabel = "N", description = "Observation size.")
    int obsDim;

    @Option(names = "--act-dim", required = true, paramLabel = "N",
            description = "Output size (action size for Box spaces, number of actions for Discrete).")
    int actDim;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Hyperparameter override, repeatable (e.g. d=32).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--check", description = "Also check orthogonality, gradients and the SameDiff twin.")
    boolean check;

    @Option(names = "--check-steps", defaultValue = "10000", paramLabel = "N",
            description = "Parameter-flow steps for orthogonality_drift (default: ${DEFAULT-VALUE}).")
    int checkSteps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random parameters and inputs.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        if (checkSteps < 1) {
            throw new IllegalArgumentException("--check-steps must be >= 1, got " + checkSteps);
        }
        Map<String, String> hp = new HashMap<>(overrides);
        boolean seeded = Policies.hyperparameters(policy).stream().anyMatch(h -> h.key().equals("seed"));
        if (seeded && !hp.containsKey("seed")) {
            hp.put("seed", Long.toString(seed));
        }
        Network net = Policies.network(policy, obsDim, actDim, hp);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy", policy);
        result.put("params", net.parameterCount());
        result.put("forward_ns", forwardNanos(net));
        if (!json) {
            out.printf("policy      %s%n", policy);
            for (HyperParameter h : Policies.hyperparameters(policy)) {
                out.printf("  %-10s %s%n", h.key(), hp.getOrDefault(h.key(), h.defaultValue()));
            }
            out.printf("params      %d%n", net.parameterCount());
            for (ParameterBlock b : net.parameterBlocks()) {
                out.printf("  %-24s %7d%n", b.name(), b.length());
            }
            out.printf("forward     %.0f ns per call (one thread, after warm-up)%n", (double) result.get("forward_ns"));
        }
        if (check) {
            Random rng = new Random(seed);
            double[] p = net.parameters();
            for (int i = 0; i < p.length; i++) {
                p[i] += 0.1 * rng.nextGaussian();
            }
            net.setParameters(p);
            double[] obs = new double[obsDim];
            for (int i = 0; i < obsDim; i++) {
                obs[i] = rng.nextGaussian();
            }
            double[] c = GradientCheck.direction(actDim, seed + 1);
            Double drift = orthogonalityDrift(hp);
            GradientCheck.Result grad = GradientCheck.check(net, obs, c, GradientCheck.indices(net, 500, seed));
            Double samediff = samediffError(net, obs, c);
            result.put("orthogonality_drift", drift);
            result.put("grad_rel_error", grad.maxRelativeError());
            result.put("grad_checked_params", grad.checked());
            result.put("samediff_rel_error", samediff);
            if (!json) {
                out.printf("orthogonality_drift  %s%n", drift == null ? "n/a (no parameter flow)"
                        : String.format("%.3e  (max_k ||W_k^T W_k - I||_F over %d steps)", drift, checkSteps));
                out.printf("grad_rel_error       %.3e  (%d parameters vs 4th-order central differences; worst in %s)%n",
                        grad.maxRelativeError(), grad.checked(), grad.worstBlock());
                out.printf("samediff_rel_error   %s%n", samediff == null ? "n/a (no SameDiff twin for " + policy + ")"
                        : String.format("%.3e  (all parameters vs SameDiff autodiff)", samediff));
            }
        }
        if (json) {
            out.println(Json.line(result));
        }
        out.flush();
        return 0;
    }

    /**
     * Mean time of one forward call after a warm-up of 200,000 calls (or 5 s), enough for the JIT to compile the
     * kernels even on a loaded machine, then timed over at least 0.3 s.
     */
    private static double forwardNanos(Network net) {
        double[] obs = new double[net.inputSize()];
        double[] out = new double[net.outputSize()];
        Random rng = new Random(1);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        for (int i = 0; i < 200_000 && System.nanoTime() < warmEnd; i++) {
            net.forward(obs, out);
        }
        int calls = 0;
        long start = System.nanoTime();
        long end = start + 300_000_000L;
        long now;
        do {
            for (int i = 0; i < 100; i++) {
                obs[0] = out[0] * 1e-9;
                net.forward(obs, out);
            }
            calls += 100;
            now = System.nanoTime();
        } while (now < end);
        blackhole = out[0];
        return (now - start) / (double) calls;
    }

    /** Max orthogonality defect over the weight grid of the same policy with --check-steps steps, or null. */
    private Double orthogonalityDrift(Map<String, String> hp) {
        Map<String, String> longRun = new HashMap<>(hp);
        if (!Policies.hyperparameters(policy).stream().anyMatch(h -> h.key().equals("steps"))) {
            return null;
        }
        longRun.put("steps", Integer.toString(checkSteps));
        Network net = Policies.network(policy, obsDim, actDim, longRun);
        // Only flows that step W by an ODE drift; fixed or basis-combined weights have nothing to drift from.
        if (!(net instanceof OdeNetwork ode) || List.of("resnet", "baseode", "nanode").contains(policy)) {
            return null;
        }
        double max = 0.0;
        for (int j = 0; j < ode.weightGridPoints(); j++) {
            max = Math.max(max, Matrices.orthogonalityDefect(ode.width(), ode.weights(j)));
        }
        return max;
    }

    private static Double samediffError(Network net, double[] obs, double[] c) {
        try {
            return SameDiffCheck.maxRelativeError(net, obs, c);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }
}
