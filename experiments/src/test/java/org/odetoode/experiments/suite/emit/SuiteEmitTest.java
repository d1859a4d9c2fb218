package org.odetoode.experiments.suite.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.agents.TrainConfig;
import org.odetoode.experiments.cli.CliRunner;
import org.odetoode.experiments.cli.OdeToOdeCli;
import org.odetoode.experiments.suite.Suite;
import org.odetoode.experiments.suite.SuiteFile;

/**
 * {@code odetoode suite emit}: the Indexed Job, the Hazelcast cluster Job and the Slurm array script, read back field
 * by field, validated against the Kubernetes object schema (node and kubernetes-models, when installed), and the Slurm
 * script run here as one array task.
 */
class SuiteEmitTest {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The validator's folder, relative to the experiments module (Maven runs the tests there). */
    private static final Path VALIDATOR = Path.of("tools", "k8s-validate");

    /** Four short cells (two envs, two policies, one seed). */
    private static final String SUITE = """
            name: Tiny_suite.1
            budget: {iterations: 3}
            envs: [CartPole-v1, Pendulum-v1]
            policies:
              - linear
              - {policy: odetoode, label: ode4, set: {policy-options: {d: 4, steps: 2}}}
            seeds: [7]
            set: {population-size: 8, eval-every: 0, final-eval-episodes: 2, checkpoint-every: 2}
            """;

    @TempDir
    Path tmp;

    private Path suiteFile() throws IOException {
        Path f = tmp.resolve("tiny.yaml");
        Files.writeString(f, SUITE);
        return f;
    }

    private static CliRunner.Result emit(Path file, String... args) {
        List<String> all = new ArrayList<>(List.of("suite", "emit", file.toString()));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return it.readAll();
        }
    }

    @Test
    void theIndexedJobRunsOneCellPerPodFromTheSuiteInAConfigMap() throws Exception {
        Path file = suiteFile();
        Path out = tmp.resolve("jobs");
        CliRunner.Result r = emit(file, "--k8s", "--image", "reg.example/odetoode:cpu", "--cpus", "2", "--memory",
                "3Gi", "--gpus", "1", "--parallel", "3", "--retries", "5", "--pvc", "shared-runs", "--out",
                out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Path manifest = out.resolve("Tiny_suite.1.k8s.yaml");
        assertEquals(manifest.toString(), JSON.readTree(r.lastLine()).get("file").asText());
        List<JsonNode> docs = documents(manifest);
        assertEquals(2, docs.size());

        JsonNode configMap = docs.get(0);
        assertEquals("ConfigMap", configMap.get("kind").asText());
        assertEquals("odetoode-tiny-suite-1", configMap.at("/metadata/name").asText(), "a DNS-1123 name");
        assertEquals(SUITE, configMap.at("/data/tiny.yaml").asText(), "the suite file, byte for byte");

        JsonNode job = docs.get(1);
        assertEquals("batch/v1", job.get("apiVersion").asText());
        assertEquals("Job", job.get("kind").asText());
        JsonNode spec = job.get("spec");
        assertEquals("Indexed", spec.get("completionMode").asText());
        assertTrue(spec.get("completions").isInt(), spec.toString());
        assertEquals(4, spec.get("completions").asInt());
        assertEquals(3, spec.get("parallelism").asInt());
        assertEquals(5, spec.get("backoffLimitPerIndex").asInt());
        assertEquals("DisruptionTarget", spec.at("/podFailurePolicy/rules/0/onPodConditions/0/type").asText());
        assertEquals("Ignore", spec.at("/podFailurePolicy/rules/0/action").asText());
        assertEquals("FailIndex", spec.at("/podFailurePolicy/rules/1/action").asText());
        assertEquals(OdeToOdeCli.BAD_INPUT, spec.at("/podFailurePolicy/rules/1/onExitCodes/values/0").asInt());

        JsonNode pod = spec.at("/template/spec");
        assertEquals("Never", pod.get("restartPolicy").asText(), "podFailurePolicy requires it");
        JsonNode container = pod.at("/containers/0");
        assertEquals("odetoode", container.get("name").asText(),
                spec.at("/podFailurePolicy/rules/1/onExitCodes/containerName").asText());
        assertEquals("reg.example/odetoode:cpu", container.get("image").asText());
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> {
            assertTrue(a.isTextual(), "every argument a string: " + a);
            args.add(a.asText());
        });
        assertEquals(List.of("suite", "run", "/suite/tiny.yaml", "--out", "/runs/Tiny_suite.1", "--cell",
                "$(CELL_INDEX)", "--threads", "2"), args);
        // $(CELL_INDEX) expands only for a variable the container declares: the pod's completion index
        assertEquals("CELL_INDEX", container.at("/env/0/name").asText());
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("2", container.at("/resources/requests/cpu").asText());
        assertEquals("3Gi", container.at("/resources/limits/memory").asText());
        assertEquals("1", container.at("/resources/limits/nvidia.com~1gpu").asText());
        assertTrue(container.at("/resources/requests/nvidia.com~1gpu").isMissingNode(), "GPUs are limits only");
        assertEquals(List.of("/suite", "/runs"), List.of(container.at("/volumeMounts/0/mountPath").asText(),
                container.at("/volumeMounts/1/mountPath").asText()));
        assertEquals("odetoode-tiny-suite-1", pod.at("/volumes/0/configMap/name").asText());
        assertEquals("shared-runs", pod.at("/volumes/1/persistentVolumeClaim/claimName").asText());

        // the pod reads the suite from the ConfigMap and finds the same cells, in the same order
        Suite original = SuiteFile.read(file);
        Suite mounted = SuiteFile.parse(configMap.at("/data/tiny.yaml").asText(), "/suite/tiny.yaml");
        assertEquals(original.cells().stream().map(c -> c.name()).toList(),
                mounted.cells().stream().map(c -> c.name()).toList());

        // emitting again writes the same bytes (no hash-ordered maps)
        String first = Files.readString(manifest);
        assertEquals(0, emit(file, "--k8s", "--image", "reg.example/odetoode:cpu", "--cpus", "2", "--memory", "3Gi",
                "--gpus", "1", "--parallel", "3", "--retries", "5", "--pvc", "shared-runs", "--out", out.toString())
                .exitCode());
        assertEquals(first, Files.readString(manifest));
    }

    @Test
    void theHazelcastJobRunsOneClusterOfStableDnsNamesBehindAHeadlessService() throws Exception {
        Path file = suiteFile();
        Path out = tmp.resolve("hz");
        CliRunner.Result r = emit(file, "--k8s-hazelcast", "--cell", "3", "--members", "4", "--image", "img:1",
                "--cpus", "8", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<JsonNode> docs = documents(out.resolve("Tiny_suite.1-cell-3.hazelcast.yaml"));
        assertEquals(List.of("ConfigMap", "Service", "Job"), docs.stream().map(d -> d.get("kind").asText()).toList());
        String name = "odetoode-tiny-suite-1-cell-3";
        docs.forEach(d -> assertEquals(name, d.at("/metadata/name").asText()));

        JsonNode service = docs.get(1).get("spec");
        assertEquals("None", service.get("clusterIP").asText(), "headless: one DNS record per pod");
        assertTrue(service.get("publishNotReadyAddresses").asBoolean());
        assertEquals(name, service.at("/selector/batch.kubernetes.io~1job-name").asText());
        assertEquals(KubernetesManifests.HAZELCAST_PORT, service.at("/ports/0/port").asInt());

        JsonNode spec = docs.get(2).get("spec");
        assertEquals("Indexed", spec.get("completionMode").asText());
        assertEquals(4, spec.get("completions").asInt());
        assertEquals(4, spec.get("parallelism").asInt(), "every member at once");
        assertEquals("0", spec.at("/successPolicy/rules/0/succeededIndexes").asText(),
                "the Job is done when the coordinator is");
        assertEquals(name, spec.at("/template/spec/subdomain").asText(), "pod i is " + name + "-i." + name);
        JsonNode container = spec.at("/template/spec/containers/0");
        assertEquals("[\"/bin/sh\",\"-c\"]", container.get("command").toString());
        String script = container.at("/args/0").asText();
        String members = name + "-0." + name + ":5701," + name + "-1." + name + ":5701," + name + "-2." + name
                + ":5701," + name + "-3." + name + ":5701";
        assertTrue(script.contains("members=" + members + "\n"), script);
        String run = "/runs/Tiny_suite.1/cells/Pendulum-v1__ode4__seed7";
        assertTrue(script.contains("exec $ODETOODE train --resume " + run + " --cluster \"$members\" --threads 8"),
                script);
        assertTrue(script.contains("exec $ODETOODE train --config /suite/cell.yaml --run-dir " + run + " --force"
                + " --cluster \"$members\" --threads 8"), script);
        assertTrue(script.contains("exec $ODETOODE worker --port 5701 --cluster \"$members\" --threads 8"), script);
        assertEquals("MEMBER_INDEX", container.at("/env/0/name").asText());
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("ODETOODE", container.at("/env/1/name").asText());

        // the coordinator trains exactly the suite's cell 3
        Path cellYaml = tmp.resolve("cell.yaml");
        Files.writeString(cellYaml, docs.get(0).at("/data/cell.yaml").asText());
        TrainConfig read = TrainConfig.resolve(TrainConfig.readYaml(cellYaml), Map.of());
        assertEquals(SuiteFile.read(file).cells().get(3).config().toMap(), read.toMap());

        // and the script branches as intended: run it with stand-ins for the image's odetoode
        for (int index : new int[] {0, 2}) {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
            pb.environment().put("MEMBER_INDEX", Integer.toString(index));
            pb.environment().put("ODETOODE", "echo odetoode");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String printed = new String(p.getInputStream().readAllBytes()).strip();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(index == 0
                    ? "odetoode train --config /suite/cell.yaml --run-dir " + run + " --force --cluster " + members
                            + " --threads 8"
                    : "odetoode worker --port 5701 --cluster " + members + " --threads 8", printed);
        }
    }

    @Test
    void theEmittedManifestsValidateAgainstTheKubernetesObjectSchema() throws Exception {
        requireOrSkip(commandWorks("node", "--version"), "node is not installed: install Node.js to validate the"
                + " manifests against the Kubernetes schema");
        requireOrSkip(Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models")), "kubernetes-models is"
                + " not installed: run `npm ci --prefix experiments/tools/k8s-validate`");
        Path file = suiteFile();
        Path out = tmp.resolve("valid");
        assertEquals(0, emit(file, "--k8s", "--image", "img:1", "--cpus", "2", "--memory", "512Mi", "--gpus", "2",
                "--out", out.toString()).exitCode());
        assertEquals(0, emit(file, "--k8s-hazelcast", "--cell", "0", "--image", "img:1", "--out", out.toString())
                .exitCode());
        Path job = out.resolve("Tiny_suite.1.k8s.yaml");
        Path cluster = out.resolve("Tiny_suite.1-cell-0.hazelcast.yaml");
        Validation v = validate(job, cluster);
        assertEquals(0, v.exitCode(), v.output());
        assertEquals(5, v.output().lines().filter(l -> l.startsWith("valid ")).count(), v.output());

        // the validator rejects what the API server would: a wrong completionMode, a string completions
        String text = Files.readString(job);
        Path wrongMode = tmp.resolve("wrong-mode.yaml");
        Files.writeString(wrongMode, text.replace("completionMode: Indexed", "completionMode: Indexd"));
        Path stringCount = tmp.resolve("string-completions.yaml");
        Files.writeString(stringCount, text.replace("completions: 4", "completions: \"4\""));
        assertNotEquals(text, Files.readString(stringCount));
        Validation bad = validate(wrongMode, stringCount);
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("completionMode must be equal to one of the allowed values"), bad.output());
        assertTrue(bad.output().contains("completions must be integer"), bad.output());
    }

    /** Skips with {@code reason} when {@code ok} is false, except on CI (CI=true), where the check must run. */
    private static void requireOrSkip(boolean ok, String reason) {
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("required on CI: " + reason);
        }
        assumeTrue(ok, reason);
    }

    private record Validation(int exitCode, String output) {
    }

    private static Validation validate(Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", VALIDATOR.resolve("validate.mjs").toString()));
        for (Path f : files) {
            command.add(f.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Validation(p.exitValue(), output);
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void theSlurmArrayScriptRunsTheCellOfItsTaskHere() throws Exception {
        Path file = suiteFile();
        Path out = tmp.resolve("slurm");
        Path runs = tmp.resolve("shared/runs");
        CliRunner.Result r = emit(file, "--slurm", "--cpus", "2", "--memory", "1536Mi", "--gpus", "1", "--time",
                "1-12:00:00", "--parallel", "2", "--runs", runs.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path script = out.resolve("Tiny_suite.1.sbatch");
        String text = Files.readString(script);
        assertTrue(text.startsWith("#!/bin/bash\n"), text);
        SbatchDirectives d = SbatchDirectives.parse(text);
        assertEquals(0, d.ignored(), "every #SBATCH line comes before the first command:\n" + text);
        assertEquals("0-3%2", d.options().get("array"), "one task per cell, 2 at a time");
        assertEquals("2", d.options().get("cpus-per-task"));
        assertEquals("1536M", d.options().get("mem"));
        assertEquals("gpu:1", d.options().get("gres"));
        assertEquals("1-12:00:00", d.options().get("time"));
        assertEquals("", d.options().get("requeue"));
        assertEquals("B:TERM@" + SlurmScript.SIGNAL_SECONDS, d.options().get("signal"));

        // one array task, run here: task 1 trains cell 1 and only it, with odetoode from the PATH
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path odetoode = bin.resolve("odetoode");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(odetoode, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + System.getProperty("java.class.path") + "' " + OdeToOdeCli.class.getName() + " \"$@\"\n");
        assertTrue(odetoode.toFile().setExecutable(true));
        Task task = runTask(script, bin, "1");
        assertEquals(0, task.exitCode(), task.output());
        String cell = SuiteFile.read(file).cells().get(1).name();
        assertEquals("CartPole-v1__ode4__seed7", cell);
        JsonNode result = JSON.readTree(runs.resolve("cells").resolve(cell).resolve("result.json").toFile());
        assertEquals("completed", result.get("status").asText(), task.output());
        try (Stream<Path> cells = Files.list(runs.resolve("cells"))) {
            assertEquals(List.of(cell), cells.map(p -> p.getFileName().toString()).toList());
        }
        // requeued after it finished, the same task exits at once
        Task again = runTask(script, bin, "1");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("1 done, 0 failed, 0 to run"), again.output());

        // outside an array job, the script says what it needs
        Task none = runTask(script, bin, null);
        assertNotEquals(0, none.exitCode());
        assertTrue(none.output().contains("SLURM_ARRAY_TASK_ID"), none.output());
    }

    private record Task(int exitCode, String output) {
    }

    private static Task runTask(Path script, Path bin, String index) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("SLURM_ARRAY_TASK_ID");
        pb.environment().put("WANDB_MODE", "disabled");
        if (index != null) {
            pb.environment().put("SLURM_ARRAY_TASK_ID", index);
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Task(p.exitValue(), output);
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws Exception {
        Path file = suiteFile();
        Path out = tmp.resolve("none");
        String[][] cases = {
            {"--k8s", "--out", out.toString()},
            {"--k8s-hazelcast", "--image", "i", "--out", out.toString()},
            {"--k8s-hazelcast", "--cell", "4", "--image", "i", "--out", out.toString()},
            {"--k8s", "--image", "i", "--memory", "8GB", "--out", out.toString()},
            {"--k8s", "--image", "i", "--pvc", "Runs_1", "--out", out.toString()},
            {"--slurm", "--time", "tomorrow", "--out", out.toString()},
            {"--slurm", "--k8s", "--out", out.toString()},
        };
        String[] expected = {"--image is required", "give --cell INDEX", "--cell 4 is not a cell of suite Tiny_suite.1:"
                + " it has 4 cells", "--memory 8GB is not a size", "--pvc Runs_1 is not a Kubernetes name",
            "--time tomorrow is not a Slurm time limit", "mutually exclusive"};
        for (int i = 0; i < cases.length; i++) {
            CliRunner.Result r = emit(file, cases[i]);
            assertEquals(OdeToOdeCli.BAD_INPUT, r.exitCode(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
        assertFalse(Files.exists(out));
    }
}
