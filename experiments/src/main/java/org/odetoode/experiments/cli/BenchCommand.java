package org.odetoode.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code odetoode bench}: throughput benchmarks of the real training code (issue 20). A group of subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training throughput on this machine (a benchmark: figures depend on the load).",
        subcommands = {BenchEsCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("Missing subcommand (see odetoode bench --help)");
    }
}
