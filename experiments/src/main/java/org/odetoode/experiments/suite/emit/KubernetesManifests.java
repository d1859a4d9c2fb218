package org.odetoode.experiments.suite.emit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odetoode.experiments.suite.Cell;
import org.odetoode.experiments.suite.Suite;

/**
 * Kubernetes manifests for a suite, as one multi-document YAML file for {@code kubectl apply -f}.
 *
 * <p>The cell array: a ConfigMap holding the suite file, and an Indexed Job with one completion per cell whose pod
 * {@code i} runs {@code odetoode suite run /suite/FILE --out /runs/NAME --cell i}. That command is requeue-safe, so a
 * preempted or evicted pod simply runs again: it resumes its cell from the checkpoint, starts it over when it died
 * before the first one, and exits at once when the cell is done. Preemption (the pod's {@code DisruptionTarget}
 * condition) is not counted against {@code backoffLimitPerIndex}; bad input (exit 2: the suite changed under its runs,
 * an env the image cannot run) fails its index without retries, as a retry would end the same.
 *
 * <p>The Hazelcast run: one cell trained by a Hazelcast cluster formed by the pods of one Indexed Job. Pod 0 runs
 * {@code odetoode train --cluster ...} (resuming the run directory when it holds a run), the others {@code odetoode
 * worker --cluster ...}; every pod has a stable DNS name {@code JOB-i.JOB} through a headless Service of the same name,
 * and the member list is those names. The Job succeeds when pod 0 does ({@code successPolicy}), which ends the workers.
 */
public final class KubernetesManifests {
    /** Where the suite's ConfigMap is mounted. */
    public static final String SUITE_MOUNT = "/suite";
    /** Where the run volume is mounted. */
    public static final String RUNS_MOUNT = "/runs";
    /** The port every Hazelcast member listens on. */
    public static final int HAZELCAST_PORT = 5701;
    /** The pod annotation the Job controller sets to the pod's completion index. */
    private static final String INDEX_FIELD = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
    /** Seconds a pod gets between SIGTERM and SIGKILL: the CLI waits up to 60 s for the checkpoint. */
    private static final int GRACE_SECONDS = 90;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private KubernetesManifests() {
    }

    /** What every pod of either manifest gets: the image, its resources, retries per index, the run volume's claim. */
    public record Target(String image, Resources resources, int retries, String volumeClaim) {
        public Target {
            if (retries < 0) {
                throw new IllegalArgumentException("--retries must be >= 0, got " + retries);
            }
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("--image is required for Kubernetes: the image that runs"
                        + " odetoode, e.g. --image registry.example.org/odetoode:cpu");
            }
            KubernetesManifests.checkName(volumeClaim, "--pvc");
        }
    }

    /**
     * The ConfigMap and the Indexed Job of the suite's cells.
     *
     * @param fileName the suite file's name, its key in the ConfigMap
     * @param suiteText the suite file's text
     * @param parallel pods at a time, or 0 for every cell at once
     */
    public static String cellArray(Suite suite, String fileName, String suiteText, Target target, int parallel) {
        String job = name("odetoode-" + suite.name());
        int cells = suite.cells().size();
        List<String> args = new ArrayList<>(List.of("suite", "run", SUITE_MOUNT + "/" + fileName, "--out",
                RUNS_MOUNT + "/" + suite.name(), "--cell", "$(CELL_INDEX)"));
        if (target.resources().cpus() > 0) {
            args.addAll(List.of("--threads", Integer.toString(target.resources().cpus())));
        }
        Map<String, Object> container = container(target, args);
        container.put("env", List.of(indexEnv("CELL_INDEX")));
        Map<String, Object> spec = jobSpec(job, cells, target, container, List.of(fileName));
        if (parallel > 0) {
            spec.put("parallelism", Math.min(parallel, cells));
        }
        return documents(configMap(job, suite.name(), map(fileName, suiteText)), job(job, suite.name(), spec));
    }

    /**
     * The ConfigMap (the cell's training config), the headless Service and the Indexed Job of one Hazelcast cluster
     * that trains cell {@code cellIndex} of the suite into {@code /runs/NAME/cells/CELL}.
     *
     * @param members pods, the coordinator included (at least 2)
     * @param launcher the command that runs odetoode in the image (the pod runs a shell to pick its role)
     */
    public static String hazelcastRun(Suite suite, int cellIndex, String cellConfigYaml, int members, Target target,
            String launcher) {
        if (members < 2) {
            throw new IllegalArgumentException("--members must be >= 2 (the coordinator and at least one worker), got "
                    + members);
        }
        Cell cell = suite.cells().get(cellIndex);
        String job = name("odetoode-" + suite.name() + "-cell-" + cellIndex);
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            hosts.add(job + "-" + i + "." + job + ":" + HAZELCAST_PORT);
        }
        String threads = target.resources().cpus() > 0 ? " --threads " + target.resources().cpus() : "";
        String run = RUNS_MOUNT + "/" + suite.name() + "/cells/" + cell.name();
        // Pod 0 coordinates: it resumes the run when the directory holds one (a preempted coordinator), else starts
        // it (a directory without config.yaml holds nothing to keep). The other pods are workers until stopped.
        String script = String.join("\n",
                "set -eu",
                "members=" + String.join(",", hosts),
                "if [ \"$MEMBER_INDEX\" = 0 ]; then",
                "  if [ -f " + run + "/config.yaml ]; then",
                "    exec $ODETOODE train --resume " + run + " --cluster \"$members\"" + threads,
                "  fi",
                "  exec $ODETOODE train --config " + SUITE_MOUNT + "/cell.yaml --run-dir " + run + " --force"
                        + " --cluster \"$members\"" + threads,
                "fi",
                "exec $ODETOODE worker --port " + HAZELCAST_PORT + " --cluster \"$members\"" + threads,
                "");
        Map<String, Object> container = container(target, List.of(script));
        container.put("command", List.of("/bin/sh", "-c"));
        container.put("env", List.of(indexEnv("MEMBER_INDEX"), map("name", "ODETOODE", "value", launcher)));
        container.put("ports", List.of(map("name", "hazelcast", "containerPort", HAZELCAST_PORT)));
        Map<String, Object> spec = jobSpec(job, members, target, container, List.of("cell.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        pod.put("subdomain", job);
        spec.put("successPolicy", map("rules", List.of(map("succeededIndexes", "0"))));

        Map<String, Object> service = new LinkedHashMap<>();
        service.put("apiVersion", "v1");
        service.put("kind", "Service");
        service.put("metadata", metadata(job, suite.name()));
        Map<String, Object> serviceSpec = new LinkedHashMap<>();
        serviceSpec.put("clusterIP", "None");
        // members must find each other before they are ready: they become ready by joining
        serviceSpec.put("publishNotReadyAddresses", true);
        serviceSpec.put("selector", map("batch.kubernetes.io/job-name", job));
        serviceSpec.put("ports", List.of(map("name", "hazelcast", "port", HAZELCAST_PORT, "targetPort",
                HAZELCAST_PORT)));
        service.put("spec", serviceSpec);
        return documents(configMap(job, suite.name(), map("cell.yaml", cellConfigYaml)), service,
                job(job, suite.name(), spec));
    }

    /** The spec of an Indexed Job of {@code completions} pods running {@code container}. */
    private static Map<String, Object> jobSpec(String job, int completions, Target target,
            Map<String, Object> container, List<String> configKeys) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", completions);
        spec.put("parallelism", completions);
        spec.put("backoffLimitPerIndex", target.retries());
        spec.put("podFailurePolicy", map("rules", List.of(
                map("action", "Ignore", "onPodConditions", List.of(map("type", "DisruptionTarget"))),
                map("action", "FailIndex", "onExitCodes", map("containerName", "odetoode", "operator", "In",
                        "values", List.of(2))))));
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("restartPolicy", "Never");
        pod.put("terminationGracePeriodSeconds", GRACE_SECONDS);
        pod.put("containers", List.of(container));
        pod.put("volumes", List.of(
                map("name", "suite", "configMap", map("name", job)),
                map("name", "runs", "persistentVolumeClaim", map("claimName", target.volumeClaim()))));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", map("labels", map("app.kubernetes.io/name", "odetoode")));
        template.put("spec", pod);
        spec.put("template", template);
        return spec;
    }

    private static Map<String, Object> container(Target target, List<String> args) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "odetoode");
        c.put("image", target.image());
        c.put("args", args);
        Resources r = target.resources();
        Map<String, Object> requests = new LinkedHashMap<>();
        if (r.cpus() > 0) {
            requests.put("cpu", Integer.toString(r.cpus()));
        }
        if (r.memoryMib() > 0) {
            requests.put("memory", r.kubernetesMemory());
        }
        Map<String, Object> limits = new LinkedHashMap<>(requests);
        if (r.gpus() > 0) {
            limits.put("nvidia.com/gpu", Integer.toString(r.gpus()));
        }
        if (!limits.isEmpty()) {
            Map<String, Object> resources = new LinkedHashMap<>();
            if (!requests.isEmpty()) {
                resources.put("requests", requests);
            }
            resources.put("limits", limits);
            c.put("resources", resources);
        }
        c.put("volumeMounts", List.of(
                map("name", "suite", "mountPath", SUITE_MOUNT, "readOnly", true),
                map("name", "runs", "mountPath", RUNS_MOUNT)));
        return c;
    }

    /**
     * A variable holding the pod's completion index, declared in the container so that {@code $(NAME)} expands in its
     * arguments (Kubernetes expands only variables the container declares).
     */
    private static Map<String, Object> indexEnv(String name) {
        return map("name", name, "valueFrom", map("fieldRef", map("fieldPath", INDEX_FIELD)));
    }

    private static Map<String, Object> configMap(String name, String suite, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "v1");
        m.put("kind", "ConfigMap");
        m.put("metadata", metadata(name, suite));
        m.put("data", data);
        return m;
    }

    private static Map<String, Object> job(String name, String suite, Map<String, Object> spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "batch/v1");
        m.put("kind", "Job");
        m.put("metadata", metadata(name, suite));
        m.put("spec", spec);
        return m;
    }

    private static Map<String, Object> metadata(String name, String suite) {
        return map("name", name, "labels", map("app.kubernetes.io/name", "odetoode", "odetoode/suite",
                name(suite)));
    }

    /** A map of keys and values in the order given, so that the manifests read the same every time. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @SafeVarargs
    private static String documents(Map<String, Object>... docs) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> d : docs) {
            try {
                b.append(YAML.writeValueAsString(d));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    /**
     * A Kubernetes object name from a suite name: lower case, other characters as '-', at most 52 characters, so that
     * an Indexed Job's pod host names ({@code NAME-INDEX}) stay within a DNS label's 63.
     */
    static String name(String text) {
        String n = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (n.length() > 52) {
            n = n.substring(0, 52).replaceAll("-+$", "");
        }
        return n;
    }

    private static void checkName(String value, String option) {
        if (value == null || !value.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || value.length() > 253) {
            throw new IllegalArgumentException(option + " " + value + " is not a Kubernetes name: use lower-case"
                    + " letters, digits and '-', e.g. " + option + " odetoode-runs");
        }
    }
}
