package org.odetoode.experiments.gradients;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.odetoode.experiments.cli.GradientsCommand;
import org.odetoode.experiments.cli.OdeToOdeCli;
import picocli.CommandLine;

/** Runs {@code odetoode gradients ...} in-process through the real top-level handlers; captures exit code and output. */
final class GradientsCli {
    record Result(int exitCode, String out, String err) {
        /** The last non-empty stdout line (the JSON line of --json). */
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private GradientsCli() {
    }

    static Result run(String... args) {
        CommandLine cli = OdeToOdeCli.commandLine();
        // Until OdeToOdeCli lists GradientsCommand itself, register it here the same way.
        if (!cli.getSubcommands().containsKey("gradients")) {
            cli.addSubcommand(new GradientsCommand());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
