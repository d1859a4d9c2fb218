package org.odetoode.tracker;

/**
 * A tracking failure with a stable {@link Reason}, so callers and tests can tell kinds apart.
 * Messages name what is wrong and how to fix it, and never contain the API key.
 */
public final class TrackerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure. */
    public enum Reason {
        /** A setting, environment variable or argument has a value that cannot work. */
        BAD_SETTING,
        /** The server rejected the API key (HTTP 401 or 403). */
        AUTH_REJECTED,
        /** The server refused the request as malformed or unknown (400, 404, 409, 410, 413, GraphQL errors). */
        REJECTED,
        /** The server could not be reached or kept failing until the deadline. */
        UNAVAILABLE,
        /** A run directory is missing, unreadable or in use by a live run. */
        RUN_DIRECTORY,
        /** Reading or writing local files failed. */
        IO
    }

    private final Reason reason;

    public TrackerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TrackerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
