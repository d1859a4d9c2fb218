package org.odetoode.tracker;

import java.util.Locale;

/** Where a run's data goes, as {@code WANDB_MODE} says. */
public enum Mode {
    /** Written to the run directory and streamed to the server while the run goes on. */
    ONLINE,
    /** Written to the run directory only; upload later with {@link Sync}. */
    OFFLINE,
    /** Nothing is written or sent: every call on the run is a no-op. */
    DISABLED;

    /**
     * Parses a {@code WANDB_MODE} value; wandb's old spellings {@code run} and {@code dryrun} are accepted.
     *
     * @throws TrackerException {@link TrackerException.Reason#BAD_SETTING} for anything else
     */
    public static Mode parse(String value, String source) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "online", "run" -> ONLINE;
            case "offline", "dryrun" -> OFFLINE;
            case "disabled" -> DISABLED;
            default -> throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                    source + "=" + value + " is not a mode: use online, offline or disabled");
        };
    }
}
