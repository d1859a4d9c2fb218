package org.odetoode.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code odetoode supervised}: image classifiers (the paper's second experiment). */
@Command(name = "supervised", mixinStandardHelpOptions = true,
        description = "Train and evaluate ODEtoODE image classifiers (Fashion-MNIST, MNIST; MNIST-C corruptions).",
        subcommands = {SupervisedTrainCommand.class, SupervisedEvalCommand.class, CommandLine.HelpCommand.class})
public final class SupervisedCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("Missing subcommand: `odetoode supervised train` or `odetoode supervised"
                + " eval --run DIR` (see odetoode supervised --help)");
    }
}
