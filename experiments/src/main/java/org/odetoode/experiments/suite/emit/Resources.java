package org.odetoode.experiments.suite.emit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one cluster task asks for: CPU cores, memory and GPUs.
 *
 * @param cpus cores per task, also the task's rollout threads; 0 leaves both to the cluster's defaults
 * @param memoryMib memory per task in MiB, or 0 for the cluster's default
 * @param gpus GPUs per task ({@code nvidia.com/gpu} on Kubernetes, {@code --gres=gpu:N} on Slurm), or 0
 */
public record Resources(int cpus, long memoryMib, int gpus) {
    private static final Pattern MEMORY = Pattern.compile("([1-9][0-9]*)(Mi|Gi)");

    public Resources {
        if (cpus < 0 || memoryMib < 0 || gpus < 0) {
            throw new IllegalArgumentException("--cpus, --memory and --gpus must be >= 0, got " + cpus + ", "
                    + memoryMib + " MiB, " + gpus);
        }
    }

    /**
     * Parses a memory size as Kubernetes writes it, {@code 512Mi} or {@code 8Gi}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parseMemory(String text) {
        Matcher m = MEMORY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--memory " + text + " is not a size: give whole MiB or GiB, e.g."
                    + " --memory 4096Mi or --memory 8Gi");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("Gi") ? n * 1024 : n;
    }

    /** The memory as a Kubernetes quantity: {@code 8Gi} when whole GiB, else MiB. */
    String kubernetesMemory() {
        return memoryMib % 1024 == 0 ? memoryMib / 1024 + "Gi" : memoryMib + "Mi";
    }

    /** The memory as Slurm's {@code --mem} takes it (its M and G are MiB and GiB). */
    String slurmMemory() {
        return memoryMib % 1024 == 0 ? memoryMib / 1024 + "G" : memoryMib + "M";
    }
}
