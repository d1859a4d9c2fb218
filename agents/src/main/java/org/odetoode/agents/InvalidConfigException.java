package org.odetoode.agents;

/**
 * A training configuration is invalid. The message is one sentence naming the key, the value given and what is
 * allowed; {@link #key()} is stable for tests and tools.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** "Invalid KEY `VALUE`: expected WHAT". */
    public static InvalidConfigException invalid(String key, Object value, String expected) {
        return new InvalidConfigException(key, "Invalid " + key + " `" + value + "`: expected " + expected);
    }

    /** The offending config key. */
    public String key() {
        return key;
    }
}
