package org.odetoode.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code odetoode supervised}: the image-classification experiment (issue 19). A thin group: each subcommand is its
 * own class, registered here.
 */
@Command(name = "supervised", mixinStandardHelpOptions = true,
        description = {"Image classifiers with ODE blocks on IDX data (Fashion-MNIST, MNIST) and the MNIST-C"
            + " corruptions."},
        subcommands = {CorruptionsCommand.class, SupervisedTrainCommand.class, SupervisedEvalCommand.class,
            CommandLine.HelpCommand.class})
public final class SupervisedCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("Missing subcommand (see odetoode supervised --help)");
    }
}
