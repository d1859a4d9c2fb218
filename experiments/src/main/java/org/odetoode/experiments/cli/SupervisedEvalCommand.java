package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.experiments.supervised.CorruptionEval;
import org.odetoode.supervised.corrupt.Corruption;
import org.odetoode.supervised.corrupt.Corruptions;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.data.ImageDataset;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode supervised eval --run DIR}: the accuracy of a supervised run's checkpoint on the clean test set and
 * on each MNIST-C corruption of it (at MNIST-C's severity), and the mean over the corruptions.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Accuracy of the classifier in a supervised run directory's checkpoint: clean test set, each"
                + " corruption of it, and the mean corrupted accuracy.",
            "With --corruptions all it keeps the result in DIR/eval.json, which `odetoode report` reads.",
            "Example: odetoode supervised eval --run runs/supervised__fashion-mnist__odetoode__0__1765000000"
                + " --corruptions all"})
public final class SupervisedEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "A supervised run directory.")
    Path run;

    @Option(names = "--corruptions", paramLabel = "LIST",
            description = "all, none (default), or a comma-separated list of corruption names (see"
                    + " `odetoode supervised corruptions --help`).")
    String corruptions = "none";

    @Option(names = "--corruption-seed", paramLabel = "N", description = "Seed of the random corruptions (default 0).")
    long corruptionSeed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores); never changes results.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Corruption> list = corruptions.strip().equalsIgnoreCase("none") ? List.of()
                : Corruptions.parseList(corruptions);
        SupervisedConfig config = SupervisedTrainer.readConfig(run);
        if (threads != null) {
            config = config.resumed(Map.of("threads", threads.toString()));
        }
        ImageDataset test = DatasetLocator.load(config.dataset(), config.data() == null ? null
                : Path.of(config.data())).test();
        CorruptionEval.Result r = CorruptionEval.evaluate(run, config, CorruptionEval.TestSets.of(test, list,
                corruptionSeed));
        out.printf("%-16s %.4f%n", "clean", r.clean());
        if (!list.isEmpty()) {
            r.corrupted().forEach((id, accuracy) -> out.printf("%-16s %.4f%n", id, accuracy));
            out.printf("%-16s %.4f%n", "mean corrupted", r.meanCorrupted());
        }
        if (list.size() == Corruptions.all().size()) {
            CorruptionEval.write(run, r); // the complete evaluation, which suite run writes too and report reads
        }
        Map<String, Object> j = r.toMap();
        j.put("run_dir", run.toString());
        if (json) {
            out.println(Json.line(j));
        }
        out.flush();
        return 0;
    }
}
