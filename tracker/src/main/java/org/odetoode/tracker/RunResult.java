package org.odetoode.tracker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param runId     the run id
 * @param directory the run directory, or null for a disabled run
 * @param exitCode  the exit code given to finish
 * @param upload    how far the upload got
 * @param message   what to do next when the upload is not complete, else null
 */
public record RunResult(String runId, Path directory, int exitCode, Upload upload, String message) {

    /** How far a run's upload got. */
    public enum Upload {
        /** Offline or disabled: nothing was meant to be sent. */
        NOT_ATTEMPTED,
        /** The server has every line, the summary, the files and the exit code. */
        COMPLETE,
        /** The server was unreachable until the finish timeout; {@code sync} uploads the rest. */
        PENDING,
        /** The server refused the upload (for instance a wrong API key); see the message. */
        REFUSED
    }

    /** The run directory, if the run had one. */
    public Optional<Path> runDirectory() {
        return Optional.ofNullable(directory);
    }
}
