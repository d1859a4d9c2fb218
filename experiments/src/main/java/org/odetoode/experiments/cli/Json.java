package org.odetoode.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** One-line JSON for {@code --json} output: the last stdout line of a command. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The map as one line; non-finite doubles become null (JSON has no NaN). */
    static String line(Map<String, ?> values) {
        Map<String, Object> clean = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> clean.put(k, v instanceof Double x && !Double.isFinite(x) ? null : v));
        try {
            return MAPPER.writeValueAsString(clean);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
