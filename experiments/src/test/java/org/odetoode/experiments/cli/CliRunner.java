package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process through the real top-level handlers and captures exit code, stdout and stderr. */
public final class CliRunner {
    /** What a run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** The last non-empty stdout line (the JSON line of --json). */
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private CliRunner() {
    }

    /** Runs {@code odetoode args...}. */
    public static Result run(String... args) {
        CommandLine cli = OdeToOdeCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
