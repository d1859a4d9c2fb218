package org.odetoode.experiments.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command line's config overrides, as {@code train} and {@code supervised train} resolve them: the {@code --set}
 * entries (picocli splits each KEY=VALUE), then the named flags that were given, which win.
 */
final class Overrides {
    private final Map<String, String> entries;

    Overrides(Map<String, String> sets) {
        entries = new LinkedHashMap<>(sets);
    }

    /** The flag's value under {@code key}, when the flag was given. */
    Overrides flag(String key, Object value) {
        if (value != null) {
            entries.put(key, value.toString());
        }
        return this;
    }

    Map<String, String> map() {
        return entries;
    }
}
