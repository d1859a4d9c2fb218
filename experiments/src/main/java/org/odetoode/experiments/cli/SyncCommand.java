package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.tracker.Sync;
import org.odetoode.tracker.SyncReport;
import org.odetoode.tracker.SyncSettings;
import org.odetoode.tracker.TrackerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code odetoode sync}: uploads tracker runs to W&B; a thin shell over {@link Sync}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Upload tracked runs to W&B: offline runs, and the rest of online runs whose server "
                + "was unreachable.",
            "PATH is a training run directory (the `run dir` train prints), a folder of many runs (every run below it "
                + "is found, oldest first), or a tracker run folder such as RUN_DIR/wandb/offline-run-*.",
            "Idempotent and resumable: a second sync sends nothing; an interrupted sync continues where it stopped.",
            "The server and key come from WANDB_BASE_URL (else the one the run recorded) and WANDB_API_KEY "
                + "(else ~/.netrc). Each wait before a retry is reported on stderr."})
public final class SyncCommand implements Callable<Integer> {
    /** How long one run's upload may retry once the server has answered, unless --timeout is longer. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Training run directories, folders of runs, or tracker run folders (wandb/offline-run-*).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--project", paramLabel = "P", description = "Create runs not yet uploaded in this project.")
    String project;

    @Option(names = "--entity", paramLabel = "E", description = "Create runs not yet uploaded in this entity.")
    String entity;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to keep trying a server that has not answered once (default ${DEFAULT-VALUE} s); "
                    + "once it has answered, retries of a run go on for up to 10 minutes or this, if longer.")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be a number of seconds above 0, got "
                    + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        SyncSettings.Builder builder = SyncSettings.builder().contactTimeout(timeout)
                .timeout(timeout.compareTo(RUN_TIMEOUT) > 0 ? timeout : RUN_TIMEOUT)
                .onRetry(message -> {
                    err.println("sync: " + message);
                    err.flush();
                });
        if (project != null) {
            builder.project(project);
        }
        if (entity != null) {
            builder.entity(entity);
        }
        List<Path> runDirs;
        SyncSettings settings;
        try {
            settings = builder.build();
            runDirs = Sync.runDirectories(paths);
            Sync.check(runDirs, settings);
        } catch (TrackerException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        Sync.run(runDirs, settings, report -> {
            if (report.outcome() == SyncReport.Outcome.FAILED) {
                err.println("sync: " + report.runDir() + ": " + report.message()
                        + (report.reason() == TrackerException.Reason.UNAVAILABLE && report.requests() == 0
                        ? " (--timeout SECONDS waits longer)" : ""));
                err.flush();
            }
            if (!json) {
                out.println(describe(report));
                out.flush();
            }
            runs.add(row(report));
        });
        long failed = runs.stream().filter(r -> "failed".equals(r.get("outcome"))).count();
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("runs", runs);
            summary.put("failed", failed);
            out.println(Json.line(summary));
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : OdeToOdeCli.FAILED;
    }

    /** One line per run: what this sync sent of it, and where it stands. */
    private static String describe(SyncReport report) {
        String sent = report.outcome() == SyncReport.Outcome.UP_TO_DATE ? "nothing to send"
                : String.format("sent %d history rows, %d output lines, %d system rows, %d files in %d requests",
                        report.historyLines(), report.outputLines(), report.eventsLines(), report.filesUploaded(),
                        report.requests());
        String state = report.outcome() == SyncReport.Outcome.FAILED ? "failed, a later sync continues"
                : report.finished() ? "finished" : "not finished (the run was killed or is still to be resumed)";
        String outcome = report.outcome().name().toLowerCase(Locale.ROOT);
        if (report.runPath() == null) {
            return String.format("%-10s nothing sent (the reason is on stderr); a later sync continues  (%s)", outcome,
                    report.runDir());
        }
        // the entity is "?" until the server has named it
        return String.format("%-10s %s: %s; %s  (%s)", outcome, report.runPath().replaceFirst("^\\?/", ""), sent,
                state, report.runDir());
    }

    private static Map<String, Object> row(SyncReport report) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_dir", report.runDir().toString());
        row.put("run", report.runPath());
        row.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
        row.put("history_lines", report.historyLines());
        row.put("output_lines", report.outputLines());
        row.put("events_lines", report.eventsLines());
        row.put("files", report.filesUploaded());
        row.put("requests", report.requests());
        row.put("finished", report.finished());
        row.put("error", report.message());
        return row;
    }
}
