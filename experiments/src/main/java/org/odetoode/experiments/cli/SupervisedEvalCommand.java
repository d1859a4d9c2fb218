package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.supervised.train.Examples;
import org.odetoode.supervised.train.ImageData;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code odetoode supervised eval --run DIR}: the test accuracy of a supervised run's checkpoint. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Test accuracy of the classifier in a supervised run directory's checkpoint.",
            "Example: odetoode supervised eval --run runs/supervised__fashion-mnist__odetoode__0__1765000000"})
public final class SupervisedEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "A supervised run directory.")
    Path run;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores); never changes results.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SupervisedConfig config = SupervisedTrainer.readConfig(run);
        if (threads != null) {
            config = config.resumed(Map.of("threads", threads.toString()));
        }
        Examples test = ImageData.test(SupervisedTrainCommand.folder(config));
        double accuracy = SupervisedTrainer.evaluate(run, config, test);
        out.printf("clean test accuracy %.4f (%d images)%n", accuracy, test.size());
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("clean_accuracy", accuracy);
            j.put("images", test.size());
            j.put("run_dir", run.toString());
            out.println(Json.line(j));
        }
        out.flush();
        return 0;
    }
}
