package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/** {@code odetoode sync}: uploads run directories to W&B; a thin shell over {@link Sync}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Upload run directories to W&B: offline runs, and the rest of online runs whose server "
                + "was unreachable.",
            "Idempotent and resumable: a second sync sends nothing; an interrupted sync continues where it stopped.",
            "The server and key come from WANDB_BASE_URL (else the one the run recorded) and WANDB_API_KEY "
                + "(else ~/.netrc)."})
public final class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories, e.g. wandb/offline-run-*.")
    List<Path> runDirs = new ArrayList<>();

    @Option(names = "--project", paramLabel = "P", description = "Create runs not yet uploaded in this project.")
    String project;

    @Option(names = "--entity", paramLabel = "E", description = "Create runs not yet uploaded in this entity.")
    String entity;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        SyncSettings.Builder builder = SyncSettings.builder();
        if (project != null) {
            builder.project(project);
        }
        if (entity != null) {
            builder.entity(entity);
        }
        SyncSettings settings;
        try {
            settings = builder.build();
            Sync.check(runDirs, settings);
        } catch (TrackerException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, Object>> runs = new ArrayList<>();
        int failed = 0;
        for (SyncReport report : Sync.run(runDirs, settings)) {
            if (report.outcome() == SyncReport.Outcome.FAILED) {
                failed++;
                err.println("sync: " + report.runDir() + ": " + report.message());
            } else if (!json) {
                out.printf("%-10s %s  history %d, output %d, events %d, files %d, %d requests%s  (%s)%n",
                        report.outcome(), report.runPath(), report.historyLines(), report.outputLines(),
                        report.eventsLines(), report.filesUploaded(), report.requests(),
                        report.finished() ? ", finished" : "", report.runDir());
            }
            runs.add(row(report));
        }
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

    private static Map<String, Object> row(SyncReport report) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_dir", report.runDir().toString());
        row.put("run", report.runPath());
        row.put("outcome", report.outcome().name().toLowerCase(java.util.Locale.ROOT));
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
