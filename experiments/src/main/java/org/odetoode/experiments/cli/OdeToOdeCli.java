package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import org.odetoode.envs.mujoco.MujocoUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code odetoode} command line. Exit codes: 0 success, 1 the job failed, 2 bad input (one line on stderr, no
 * stack trace; set {@code ODETOODE_DEBUG=1} to see one).
 */
@Command(name = "odetoode", mixinStandardHelpOptions = true, version = "odetoode 0.1.0",
        description = "Train and study ODEtoODE policies (Choromanski et al., NeurIPS 2020).",
        subcommands = {TrainCommand.class, EvalCommand.class, DescribeCommand.class, EnvsCommand.class,
            GradientsCommand.class, SyncCommand.class, SuiteCommand.class, ReportCommand.class, SupervisedCommand.class,
            WorkerCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class OdeToOdeCli {

    /** Exit code for a job that ran and failed. */
    public static final int FAILED = 1;
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code, for tests. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OdeToOdeCli());
        GradientsCommand.describeStudies(cli.getSubcommands().get("gradients"));
        cli.setExitCodeExceptionMapper(e -> isBadInput(e) ? BAD_INPUT : FAILED);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String name = commandLine.getCommandSpec().qualifiedName();
            boolean badInput = isBadInput(e);
            err.println(name + ": " + (badInput ? "" : "error: ") + oneLine(e));
            if (System.getenv("ODETOODE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return badInput ? BAD_INPUT : FAILED;
        });
        return cli;
    }

    /** Input this machine cannot run, like a MuJoCo env without MuJoCo installed, is bad input too: nothing ran. */
    private static boolean isBadInput(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof MujocoUnavailableException;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
