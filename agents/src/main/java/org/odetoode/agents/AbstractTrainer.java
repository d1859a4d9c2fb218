package org.odetoode.agents;

import java.nio.file.Path;

/**
 * What every {@link Trainer} holds: the resolved config, the run directory, the checkpoint the run starts from (the
 * initial state of a new run, or the saved state of a resumed one), and the stop flag that {@link #requestStop()}
 * sets from any thread.
 *
 * @param <C> the trainer's checkpoint type
 */
abstract class AbstractTrainer<C> implements Trainer {
    protected final TrainConfig config;
    protected final Path runDir;
    protected final C start;
    private volatile boolean stopRequested;

    AbstractTrainer(TrainConfig config, Path runDir, C start) {
        this.config = config;
        this.runDir = runDir;
        this.start = start;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }

    /** True once a stop was requested or the training thread was interrupted (Ctrl-C). */
    protected boolean stopRequested() {
        return stopRequested || Thread.currentThread().isInterrupted();
    }
}
