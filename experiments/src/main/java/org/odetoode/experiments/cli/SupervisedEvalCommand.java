package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.supervised.corrupt.Corruption;
import org.odetoode.supervised.corrupt.Corruptions;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.data.ImageDataset;
import org.odetoode.supervised.train.Examples;
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
        List<Examples> sets = new ArrayList<>();
        sets.add(Examples.of(test));
        for (Corruption c : list) {
            sets.add(Examples.of(Corruptions.apply(c, c.mnistcSeverity(), test, corruptionSeed)));
        }
        double[] accuracy = SupervisedTrainer.evaluate(run, config, sets);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("clean_accuracy", accuracy[0]);
        out.printf("%-16s %.4f%n", "clean", accuracy[0]);
        if (!list.isEmpty()) {
            Map<String, Object> per = new LinkedHashMap<>();
            double sum = 0.0;
            for (int i = 0; i < list.size(); i++) {
                per.put(list.get(i).id(), accuracy[i + 1]);
                sum += accuracy[i + 1];
                out.printf("%-16s %.4f%n", list.get(i).id(), accuracy[i + 1]);
            }
            double mean = sum / list.size();
            out.printf("%-16s %.4f%n", "mean corrupted", mean);
            j.put("corruption_accuracy", per);
            j.put("mean_corrupted_accuracy", mean);
        }
        j.put("images", test.size());
        j.put("run_dir", run.toString());
        if (json) {
            out.println(Json.line(j));
        }
        out.flush();
        return 0;
    }
}
