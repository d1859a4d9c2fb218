package org.odetoode.agents;

/**
 * A return or a parameter became NaN or infinite. The run stops without writing a checkpoint, so the run
 * directory keeps the last good one; the message names the iteration.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long iteration;

    public TrainingDivergedException(long iteration, String message) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration (1-based) at which the run diverged. */
    public long iteration() {
        return iteration;
    }
}
