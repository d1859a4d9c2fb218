package org.odetoode.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code odetoode supervised corruptions}: a sample grid PNG of the MNIST-C corruptions. */
@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = "Write a PNG grid: one row per MNIST-C corruption, a clean column first.")
final class CorruptionsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("not implemented yet");
    }
}
