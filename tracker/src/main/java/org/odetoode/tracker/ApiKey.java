package org.odetoode.tracker;

import java.util.Objects;

/**
 * A W&B API key. It prints as {@code ApiKey[redacted]}, so it cannot leak through a log line,
 * an exception message or {@code toString} of a settings object.
 */
public final class ApiKey {
    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    /** Wraps a key; surrounding whitespace (a pasted newline) is removed. */
    public static ApiKey of(String secret) {
        String trimmed = Objects.requireNonNull(secret, "secret").strip();
        if (trimmed.isEmpty()) {
            throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                    "the API key is empty: set WANDB_API_KEY or add the key to ~/.netrc");
        }
        return new ApiKey(trimmed);
    }

    /** The key itself, for the Authorization header and for redaction; never print it. */
    public String reveal() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other && other.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
