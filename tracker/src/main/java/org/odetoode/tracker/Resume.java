package org.odetoode.tracker;

import java.util.Locale;

/** What to do when the run id already exists on the server, as {@code WANDB_RESUME} says. */
public enum Resume {
    /** A new run: an id that already holds data on the server is an error. */
    NEVER,
    /** Continue the run if it exists, start it if it does not. */
    ALLOW,
    /** Continue the run; an id the server does not know is an error. */
    MUST,
    /** As {@link #ALLOW}: wandb's automatic resume of a crashed run. */
    AUTO;

    /** Parses a {@code WANDB_RESUME} value ({@code true} means {@link #AUTO}, {@code false} {@link #NEVER}). */
    public static Resume parse(String value, String source) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "never", "false" -> NEVER;
            case "allow" -> ALLOW;
            case "must" -> MUST;
            case "auto", "true" -> AUTO;
            default -> throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                    source + "=" + value + " is not a resume policy: use never, allow, must or auto");
        };
    }

    /** Whether data the server already holds for this id may be continued. */
    public boolean continuesExisting() {
        return this != NEVER;
    }
}
