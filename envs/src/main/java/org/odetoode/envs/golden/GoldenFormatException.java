package org.odetoode.envs.golden;

/** A golden reference file that does not follow the format; the message names the file, the line and the problem. */
public final class GoldenFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public GoldenFormatException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
