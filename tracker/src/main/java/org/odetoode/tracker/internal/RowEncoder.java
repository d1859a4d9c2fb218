package org.odetoode.tracker.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.odetoode.tracker.offline.LineLog;

/**
 * Writes history and events rows as JSON lines with one reused generator and buffer, so the writer
 * thread allocates nothing per row for the usual values (numbers, strings, booleans); other values go
 * through the general mapper. Keys keep their order; W&B's bookkeeping keys come last.
 */
final class RowEncoder {
    /** A byte buffer whose content can be handed on without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        void appendTo(LineSink sink) throws IOException {
            sink.append(buf, 0, count);
        }
    }

    /** Where an encoded line goes (a {@link LineLog}, and the {@code .wandb} log's queue). */
    @FunctionalInterface
    interface LineSink {
        void append(byte[] line, int offset, int length) throws IOException;
    }

    /** Keys seen so far, escaped once: runs log the same few keys millions of times. */
    private static final int MAX_CACHED_KEYS = 4096;

    private final Buffer buffer = new Buffer();
    private final JsonGenerator generator;
    private final Map<String, SerializedString> keys = new HashMap<>();

    RowEncoder() {
        try {
            generator = Json.MAPPER.createGenerator(buffer);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory JSON generator cannot fail to open", e);
        }
        // one object per line: no separator between root values
        generator.setRootValueSeparator(null);
    }

    /**
     * Appends {@code metrics} plus {@code _step} (if at least 0), {@code _runtime}, {@code _timestamp}
     * and, for system metrics, {@code _wandb: true} as one line of {@code log}.
     */
    void append(LineSink log, Map<String, ?> metrics, long step, double runtime, double timestamp,
                boolean system) throws IOException {
        generator.writeStartObject();
        for (Map.Entry<String, ?> entry : metrics.entrySet()) {
            generator.writeFieldName(key(entry.getKey()));
            writeValue(entry.getValue());
        }
        if (step >= 0) {
            generator.writeNumberField("_step", step);
        }
        generator.writeNumberField("_runtime", runtime);
        generator.writeNumberField("_timestamp", timestamp);
        if (system) {
            generator.writeBooleanField("_wandb", true);
        }
        generator.writeEndObject();
        generator.flush();
        buffer.appendTo(log);
        buffer.reset();
    }

    private SerializedString key(String name) {
        SerializedString key = keys.get(name);
        if (key == null) {
            key = new SerializedString(name);
            if (keys.size() < MAX_CACHED_KEYS) {
                keys.put(name, key);
            }
        }
        return key;
    }

    private void writeValue(Object value) throws IOException {
        if (value instanceof Double d) {
            generator.writeNumber(d);
        } else if (value instanceof Float f) {
            generator.writeNumber(f);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value == null) {
            generator.writeNull();
        } else {
            Json.MAPPER.writeValue(generator, value);
        }
    }
}
