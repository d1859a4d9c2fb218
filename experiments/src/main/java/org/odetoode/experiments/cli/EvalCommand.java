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
 * Gaussian mean through the Box head; observation filter frozen). With no options it runs the episodes of the run's
 * final evaluation and prints the number train printed.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate the policy saved in a run directory: mean, std, min and max return.",
            "It evaluates the checkpoint's `parameters` (the centre θ of an evolution strategy, the policy network of"
                + " ppo/reinforce; not the ES `best-parameters`), as train's evaluations do, on the episodes of"
                + " train's final evaluation: with no options it reproduces the final eval return train printed."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "Run directory written by train.")
    Path run;

    @Option(names = "--episodes", paramLabel = "N",
            description = "Episodes (default: the run's final-eval-episodes).")
    Integer episodes;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the episodes (default: the run's seed, as train's final evaluation).")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads (default: all cores); never changes results.")
    int threads = 0;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Trainer.SavedPolicyEvaluation saved = Trainer.evaluate(run, episodes, seed, threads);
        Evaluation e = saved.evaluation();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("mean_return", e.mean());
            j.put("std_return", e.std());
            j.put("min_return", e.min());
            j.put("max_return", e.max());
            j.put("episodes", e.episodes());
            j.put("seed", saved.seed());
            j.put("env_steps", e.steps());
            j.put("iteration", saved.iteration());
            j.put("params_sha256", saved.paramsSha256());
            j.put("wall_seconds", seconds);
            j.put("run_dir", run.toString());
            out.println(Json.line(j));
        } else {
            out.printf("%s: mean return %.2f ± %.2f over %d episodes (min %.2f, max %.2f), %d steps, %.1f s%n",
                    run, e.mean(), e.std(), e.episodes(), e.min(), e.max(), e.steps(), seconds);
            out.printf("  policy: the checkpoint's parameters at iteration %d (sha256 %s…); episodes seeded from"
                    + " seed %d%s%n", saved.iteration(), saved.paramsSha256().substring(0, 12), saved.seed(),
                    saved.seed() == saved.config().seed() && e.episodes() == saved.config().finalEvalEpisodes()
                            ? ", the episodes of train's final evaluation" : "");
        }
        out.flush();
        return 0;
    }
}
