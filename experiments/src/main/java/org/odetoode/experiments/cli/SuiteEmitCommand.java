package org.odetoode.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.experiments.suite.Suite;
import org.odetoode.experiments.suite.SuiteFile;
import org.odetoode.experiments.suite.emit.KubernetesManifests;
import org.odetoode.experiments.suite.emit.Resources;
import org.odetoode.experiments.suite.emit.SlurmScript;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code odetoode suite emit FILE.yaml}: a suite as a cluster job array (Kubernetes or Slurm), or one cell on Hazelcast. */
@Command(name = "emit", mixinStandardHelpOptions = true,
        description = {"Write the cluster jobs that run a suite: one task per cell, each running"
                + " `odetoode suite run FILE --out RUNS --cell INDEX`, which resumes a preempted cell from its"
                + " checkpoint (or starts it over when it died before the first) and exits at once when it is done.",
            "--k8s: OUT/NAME.k8s.yaml, a ConfigMap with the suite file and an Indexed Job (kubectl apply -f).",
            "--slurm: OUT/NAME.sbatch, an array job (sbatch OUT/NAME.sbatch).",
            "--k8s-hazelcast: OUT/NAME-cell-I.hazelcast.yaml, one cell trained by a Hazelcast cluster of --members"
                + " pods (pod 0 runs `train --cluster`, the others `worker --cluster`) behind a headless Service."},
        footer = {"", "Examples:",
            "  odetoode suite emit experiments/suites/classic.yaml --k8s --image registry.example.org/odetoode:cpu"
                + " --cpus 2 --memory 4Gi --out jobs",
            "  odetoode suite emit experiments/suites/classic.yaml --slurm --cpus 2 --memory 4Gi --time 12:00:00"
                + " --runs /shared/runs/classic --out jobs",
            "  odetoode suite emit experiments/suites/paper-rl.yaml --k8s-hazelcast --cell 0 --members 4"
                + " --image registry.example.org/odetoode:cpu --cpus 8 --out jobs"})
final class SuiteEmitCommand implements Callable<Integer> {
    /** The command that runs odetoode in the CPU image (docker/Dockerfile.cpu's entry point). */
    static final String IMAGE_LAUNCHER = "java -XX:ObjectAlignmentInBytes=64"
            + " --add-modules jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"
            + " -jar /opt/odetoode/odetoode.jar";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.yaml", description = "The suite file.")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    /** Which jobs to write. */
    static final class Kind {
        @Option(names = "--k8s", required = true, description = "A Kubernetes Indexed Job, one pod per cell.")
        boolean k8s;

        @Option(names = "--slurm", required = true, description = "A Slurm array job, one task per cell.")
        boolean slurm;

        @Option(names = "--k8s-hazelcast", required = true, description = "One cell (--cell) trained by a Hazelcast"
                + " cluster of --members pods as one Kubernetes Indexed Job.")
        boolean hazelcast;
    }

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the files to.")
    Path out;

    @Option(names = "--image", paramLabel = "IMAGE", description = "The container image (Kubernetes; required there).")
    String image;

    @Option(names = "--cpus", paramLabel = "N", description = "Cores per task, also its rollout threads (default:"
            + " the cluster's default, all cores the task sees).")
    int cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory per task, e.g. 4Gi or 512Mi (default: the"
            + " cluster's).")
    String memory;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per task: nvidia.com/gpu on Kubernetes,"
            + " --gres=gpu:N on Slurm (default 0).")
    int gpus;

    @Option(names = "--parallel", paramLabel = "K", description = "Tasks at a time (default: every cell at once).")
    int parallel;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3", description = "Kubernetes: failures a cell's"
            + " pod may have before its index fails (backoffLimitPerIndex; preemptions do not count; default 3).")
    int retries;

    @Option(names = "--pvc", paramLabel = "CLAIM", defaultValue = "odetoode-runs", description = "Kubernetes: the"
            + " PersistentVolumeClaim mounted at /runs for the run directories, ReadWriteMany when pods of one suite"
            + " share it across nodes (default odetoode-runs).")
    String pvc;

    @Option(names = "--runs", paramLabel = "DIR", description = "Slurm: the suite's output folder on the shared file"
            + " system (default runs/NAME under the current folder).")
    Path runs;

    @Option(names = "--time", paramLabel = "LIMIT", description = "Slurm: time limit per task, e.g. 12:00:00.")
    String time;

    @Option(names = "--launcher", paramLabel = "COMMAND", description = "The command that runs odetoode in a task"
            + " (default: odetoode on the PATH for Slurm; for --k8s-hazelcast, the CPU image's `" + IMAGE_LAUNCHER
            + "`).")
    String launcher;

    @Option(names = "--cell", paramLabel = "INDEX", description = "--k8s-hazelcast: the cell to train (its index as"
            + " `suite run --dry-run` lists it).")
    Integer cell;

    @Option(names = "--members", paramLabel = "N", defaultValue = "3", description = "--k8s-hazelcast: pods in the"
            + " cluster, the coordinator included (default 3).")
    int members;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (parallel < 0) {
            throw new IllegalArgumentException("--parallel must be >= 1 (or 0 for every cell at once), got " + parallel);
        }
        if (kind.hazelcast != (cell != null)) {
            throw new IllegalArgumentException(kind.hazelcast ? "--k8s-hazelcast trains one cell: give --cell INDEX"
                    + " (see suite run FILE --dry-run)" : "--cell belongs to --k8s-hazelcast; --k8s and --slurm run"
                    + " every cell");
        }
        Resources resources = new Resources(cpus, memory == null ? 0 : Resources.parseMemory(memory), gpus);
        String text = Files.readString(checkedFile());
        Suite suite = SuiteFile.parse(text, file.toString());
        int cells = suite.cells().size();
        String fileName = file.getFileName().toString();
        Path written;
        String emitted;
        if (kind.slurm) {
            Path runsDir = (runs != null ? runs : Path.of("runs", suite.name())).toAbsolutePath().normalize();
            emitted = SlurmScript.cellArray(suite, file.toAbsolutePath().normalize(), runsDir, resources, parallel,
                    time, launcher != null ? launcher : "odetoode");
            written = out.resolve(suite.name() + ".sbatch");
        } else {
            KubernetesManifests.Target target = new KubernetesManifests.Target(image, resources, retries, pvc);
            if (kind.k8s) {
                emitted = KubernetesManifests.cellArray(suite, fileName, text, target, parallel);
                written = out.resolve(suite.name() + ".k8s.yaml");
            } else {
                if (cell < 0 || cell >= cells) {
                    throw new IllegalArgumentException("--cell " + cell + " is not a cell of suite " + suite.name()
                            + ": it has " + cells + " cells, numbered 0 to " + (cells - 1));
                }
                if (suite.cells().get(cell).isSupervised()) {
                    throw new IllegalArgumentException("cell " + cell + " of " + suite.name() + " is supervised: it has"
                            + " no candidate evaluations to spread over Hazelcast members; emit --slurm or --k8s");
                }
                emitted = KubernetesManifests.hazelcastRun(suite, cell, yaml(suite.cells().get(cell).config().toMap()),
                        members, target, launcher != null ? launcher : IMAGE_LAUNCHER);
                written = out.resolve(suite.name() + "-cell-" + cell + ".hazelcast.yaml");
            }
        }
        Files.createDirectories(out);
        Files.writeString(written, emitted);
        if (kind.slurm) {
            written.toFile().setExecutable(true);
        }
        String next = kind.slurm ? "sbatch " + written : "kubectl apply -f " + written;
        stdout.printf("suite %s: %s -> %s; submit with: %s%n", suite.name(), kind.hazelcast ? "cell " + cell + " on "
                + members + " Hazelcast members" : cells + " cells", written, next);
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("suite", suite.name());
            j.put("cells", cells);
            j.put("kind", kind.k8s ? "k8s" : kind.slurm ? "slurm" : "k8s-hazelcast");
            j.put("file", written.toString());
            j.put("submit", next);
            stdout.println(Json.line(j));
        }
        stdout.flush();
        return 0;
    }

    private Path checkedFile() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Suite file " + file + " does not exist");
        }
        return file;
    }

    private static String yaml(Map<String, Object> config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
