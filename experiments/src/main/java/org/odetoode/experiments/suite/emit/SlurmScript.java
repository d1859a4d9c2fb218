package org.odetoode.experiments.suite.emit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odetoode.experiments.suite.Suite;

/**
 * A Slurm batch script that runs a suite as a job array, task {@code i} running cell {@code i} with {@code odetoode
 * suite run FILE --out RUNS --cell $SLURM_ARRAY_TASK_ID}. That command is requeue-safe: a task requeued after
 * preemption or a node failure resumes its cell from the checkpoint (or starts it over when it died before the first),
 * and a task whose cell is done exits at once. Slurm sends SIGTERM two minutes before the time limit, which makes the
 * cell checkpoint and stop; resubmitting the script continues it.
 */
public final class SlurmScript {
    /** Seconds before the time limit at which the task is told to checkpoint. */
    static final int SIGNAL_SECONDS = 120;

    private SlurmScript() {
    }

    /**
     * The script's text.
     *
     * @param suiteFile the suite file, as the tasks will find it (an absolute path on the shared file system)
     * @param runs the suite's output folder, likewise
     * @param parallel tasks at a time, or 0 for no limit
     * @param time the time limit per task in a form {@code --time} takes, or null for the partition's default
     * @param command the command that runs odetoode on the nodes ({@code $ODETOODE} overrides it at submission)
     */
    public static String cellArray(Suite suite, Path suiteFile, Path runs, Resources resources, int parallel,
            String time, String command) {
        if (time != null && !time.matches("([0-9]+-)?[0-9]+(:[0-5][0-9]){0,2}")) {
            throw new IllegalArgumentException("--time " + time + " is not a Slurm time limit: give MINUTES, HH:MM:SS"
                    + " or DAYS-HH:MM:SS, e.g. --time 2-00:00:00");
        }
        int cells = suite.cells().size();
        List<String> directives = new ArrayList<>();
        directives.add("--job-name=" + "odetoode-" + suite.name());
        directives.add("--array=0-" + (cells - 1) + (parallel > 0 ? "%" + parallel : ""));
        directives.add("--ntasks=1");
        if (resources.cpus() > 0) {
            directives.add("--cpus-per-task=" + resources.cpus());
        }
        if (resources.memoryMib() > 0) {
            directives.add("--mem=" + resources.slurmMemory());
        }
        if (resources.gpus() > 0) {
            directives.add("--gres=gpu:" + resources.gpus());
        }
        if (time != null) {
            directives.add("--time=" + time);
        }
        directives.add("--requeue");
        directives.add("--signal=B:TERM@" + SIGNAL_SECONDS);
        directives.add("--output=odetoode-" + suite.name() + "-%A_%a.out");

        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("# Suite ").append(suite.name()).append(": ").append(cells).append(" cells, one array task each (task i"
                + " runs cell i as `odetoode suite run FILE --dry-run` numbers them).\n");
        b.append("# Submit: sbatch THIS_FILE    Progress: odetoode suite status ").append(runs).append('\n');
        b.append("# Rerun one cell here: SLURM_ARRAY_TASK_ID=3 bash THIS_FILE\n");
        for (String d : directives) {
            b.append("#SBATCH ").append(d).append('\n');
        }
        b.append('\n');
        b.append("set -euo pipefail\n");
        b.append("ODETOODE=${ODETOODE:-").append(command).append("}\n");
        b.append("SUITE=${SUITE:-").append(suiteFile).append("}\n");
        b.append("RUNS=${RUNS:-").append(runs).append("}\n");
        b.append(": \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch, or set SLURM_ARRAY_TASK_ID to a cell"
                + " index}\"\n");
        // exec: the batch shell becomes the JVM, so that the SIGTERM of --signal=B: reaches it and it checkpoints
        b.append("exec $ODETOODE suite run \"$SUITE\" --out \"$RUNS\" --cell \"$SLURM_ARRAY_TASK_ID\""
                + " --threads \"${SLURM_CPUS_PER_TASK:-0}\"\n");
        return b.toString();
    }
}
