package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode eval}: evaluates the policy saved in a run directory of any agent (noiseless: the argmax, or the
 * Gaussian mean through the Box head; observation filter frozen).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the policy saved in a run directory: mean, std, min and max return.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "Run directory written by train.")
    Path run;

    @Option(names = "--episodes", paramLabel = "N", description = "Episodes (default ${DEFAULT-VALUE}).")
    int episodes = 100;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the episodes (default ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads (default: all cores).")
    int threads = 0;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Evaluation e = Trainer.evaluate(run, episodes, seed, threads);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("mean_return", e.mean());
            j.put("std_return", e.std());
            j.put("min_return", e.min());
            j.put("max_return", e.max());
            j.put("episodes", e.episodes());
            j.put("env_steps", e.steps());
            j.put("wall_seconds", seconds);
            j.put("run_dir", run.toString());
            out.println(Json.line(j));
        } else {
            out.printf("%s: mean return %.2f ± %.2f over %d episodes (min %.2f, max %.2f), %d steps, %.1f s%n",
                    run, e.mean(), e.std(), e.episodes(), e.min(), e.max(), e.steps(), seconds);
        }
        out.flush();
        return 0;
    }
}
