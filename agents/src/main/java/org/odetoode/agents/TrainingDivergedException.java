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

    /**
     * "Iteration IT: WHAT; training stopped and DIR/checkpoint.json keeps iteration K, the last good checkpoint" (or
     * "was not written (no good iteration yet)" when {@code lastGood} is 0).
     */
    public static TrainingDivergedException at(long iteration, String what, java.nio.file.Path runDir, long lastGood) {
        return new TrainingDivergedException(iteration, "Iteration " + iteration + ": " + what + "; training stopped and "
                + runDir.resolve(Checkpoint.FILE) + (lastGood > 0 ? " keeps iteration " + lastGood
                + ", the last good checkpoint" : " was not written (no good iteration yet)"));
    }

    /** The iteration (1-based) at which the run diverged. */
    public long iteration() {
        return iteration;
    }
}
