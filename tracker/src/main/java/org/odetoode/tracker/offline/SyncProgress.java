package org.odetoode.tracker.offline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of a run directory has reached the server, kept in {@code sync-state.json} and replaced
 * atomically after every request that the server accepted, so an interrupted upload resumes where it stopped.
 *
 * <p>For each streamed file it keeps the bytes of the local file already sent, the lines sent, and
 * the server's line count before this run directory's first line (above 0 for a resumed run); the
 * server offset of the next line is {@code base + lines}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SyncProgress {
    /** Progress through one streamed file. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    public static final class Stream {
        /** Bytes of the local file consumed (sent or skipped as too long). */
        public long bytes;
        /** Lines sent. */
        public long lines;
        /** The server's line count for the run before this directory's first line. */
        public long base;
        /** Lines too long to send. */
        public long skipped;

        /** The server offset of the next line to send. */
        public long nextOffset() {
            return base + lines;
        }
    }

    /** The entity the run was created in, once known. */
    public String entity;
    /** The project the run was created in, once known. */
    public String project;
    /** Whether the server's line counts were read, so {@link Stream#base} is known. */
    public boolean basesKnown;
    /** Whether UpsertBucket succeeded at least once. */
    public boolean created;
    /** SHA-256 of the last summary the server accepted. */
    public String summarySha;
    /** SHA-256 of each uploaded file, by upload name. */
    public Map<String, String> uploaded = new LinkedHashMap<>();
    /** Whether {@code complete} and the exit code were accepted. */
    public boolean complete;
    /** Per streamed file, by its name ({@code wandb-history.jsonl}, ...). */
    public Map<String, Stream> streams = new LinkedHashMap<>();

    /** The progress of {@code file}, created at zero on first use. */
    public Stream stream(String file) {
        return streams.computeIfAbsent(file, f -> new Stream());
    }
}
