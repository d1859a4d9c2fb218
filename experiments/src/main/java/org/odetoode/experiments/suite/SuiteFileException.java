package org.odetoode.experiments.suite;

/**
 * A suite file is invalid: one line, {@code FILE:LINE: KEY: what is wrong}, raised before any cell runs. The CLI
 * prints it and exits 2.
 */
public final class SuiteFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String key;

    /**
     * @param file the suite file as the user named it
     * @param line the 1-based line of the offending key or entry
     * @param key the key's path in the file, e.g. {@code policies[2].set.sigma}; null for the whole file
     * @param what what is wrong and how to fix it
     */
    public SuiteFileException(String file, int line, String key, String what) {
        super(file + ":" + line + ": " + (key == null ? "" : "`" + key + "`: ") + what);
        this.line = line;
        this.key = key;
    }

    /** The 1-based line in the suite file. */
    public int line() {
        return line;
    }

    /** The key's path in the suite file, or null. */
    public String key() {
        return key;
    }
}
