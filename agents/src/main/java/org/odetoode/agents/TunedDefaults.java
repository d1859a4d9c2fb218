package org.odetoode.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-environment defaults, the way tuned zoos ship them: settings for one env × policy × agent, read from the
 * {@value #RESOURCE} resource and applied between the agent's defaults and the user's YAML and {@code --set}. An entry
 * is named {@code ENV/POLICY/AGENT}; each says why it differs from the agent's defaults.
 */
public final class TunedDefaults {
    /** The resource holding the entries. */
    public static final String RESOURCE = "tuned-defaults.yaml";
    /** The value of {@code defaults-from} when no entry applies: the agent's defaults only. */
    public static final String NONE = "none";

    /** One entry: the settings for {@code name} = env/policy/agent, and why. */
    public record Entry(String name, Map<String, Object> settings, String why) {
    }

    private static final Map<String, Entry> ENTRIES = load();

    private TunedDefaults() {
    }

    /** The entry name of a pair: {@code ENV/POLICY/AGENT}. */
    public static String name(String env, String policy, String agent) {
        return env + "/" + policy + "/" + agent;
    }

    /** The entry shipped for env × policy × agent, or {@link #NONE}. */
    public static String lookup(String env, String policy, String agent) {
        String name = name(env, policy, agent);
        return ENTRIES.containsKey(name) ? name : NONE;
    }

    /**
     * The settings of entry {@code name} (empty for {@link #NONE}).
     *
     * @throws InvalidConfigException when no such entry is shipped
     */
    public static Map<String, Object> settings(String name) {
        if (name.equals(NONE)) {
            return Map.of();
        }
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new InvalidConfigException("defaults-from", "Unknown defaults-from `" + name + "`: expected none or"
                    + " one of " + String.join(", ", ENTRIES.keySet()));
        }
        return e.settings();
    }

    /** Every shipped entry, in file order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Entry> load() {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (InputStream in = TunedDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the agents jar");
            }
            Map<String, Object> doc = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            for (Object o : (List<Object>) doc.getOrDefault("entries", List.of())) {
                Map<String, Object> e = (Map<String, Object>) o;
                String name = name(String.valueOf(e.get("env")), String.valueOf(e.get("policy")),
                        String.valueOf(e.get("agent")));
                Map<String, Object> settings = new LinkedHashMap<>((Map<String, Object>) e.get("set"));
                // Unmodifiable in file order, which is how train prints them.
                out.put(name, new Entry(name, Collections.unmodifiableMap(settings), String.valueOf(e.get("why"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return out;
    }
}
