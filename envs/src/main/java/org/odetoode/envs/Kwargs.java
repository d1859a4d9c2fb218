package org.odetoode.envs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keyword arguments an environment is built with: its spec's defaults, overridden by the caller.
 *
 * <p>Keys have one spelling, kebab-case ({@code goal-velocity}); callers may also write Gymnasium's
 * snake_case ({@code goal_velocity}) or camelCase, which {@link #canonical} maps to it. A value takes the type
 * of its default: numbers and booleans may come as strings (from a command line or YAML) and are parsed.
 */
public final class Kwargs {
    private final String envId;
    private final Map<String, Object> values;

    private Kwargs(String envId, Map<String, Object> values) {
        this.envId = envId;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The defaults alone. */
    public static Kwargs of(String envId, Map<String, Object> defaults) {
        return new Kwargs(envId, new LinkedHashMap<>(defaults));
    }

    /**
     * The defaults with {@code overrides} applied.
     *
     * @throws IllegalArgumentException for a key the defaults lack or a value that does not convert to the
     *         default's type
     */
    public static Kwargs merge(String envId, Map<String, Object> defaults, Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String key = canonical(e.getKey());
            Object fallback = defaults.get(key);
            if (fallback == null) {
                throw new IllegalArgumentException("Env `" + envId + "` has no keyword `" + e.getKey()
                        + "`; its keywords are " + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
            }
            merged.put(key, convert(envId, key, e.getValue(), fallback));
        }
        return new Kwargs(envId, merged);
    }

    /** The one spelling of a key: {@code max_episode_steps} and {@code maxEpisodeSteps} give {@code max-episode-steps}. */
    public static String canonical(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(key.charAt(i - 1))
                    && key.charAt(i - 1) != '-' && key.charAt(i - 1) != '_') {
                sb.append('-');
            }
            sb.append(c == '_' ? '-' : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** Converts {@code value} to the type of {@code like} (Double, Integer, Boolean or String). */
    static Object convert(String envId, String key, Object value, Object like) {
        try {
            if (like instanceof Double) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            }
            if (like instanceof Integer) {
                double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return (int) d;
            }
            if (like instanceof Boolean) {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = value.toString().trim();
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new NumberFormatException();
            }
            return value.toString();
        } catch (NumberFormatException | NullPointerException ex) {
            throw new IllegalArgumentException("Env `" + envId + "` keyword `" + key + "` must be "
                    + typeName(like) + " like its default " + like + ", got `" + value + "`", ex);
        }
    }

    private static String typeName(Object like) {
        if (like instanceof Double) {
            return "a number";
        }
        if (like instanceof Integer) {
            return "an integer";
        }
        return like instanceof Boolean ? "true or false" : "a string";
    }

    /** All keys and values, in the spec's order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    public String getString(String key) {
        return require(key).toString();
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Env `" + envId + "` has no keyword `" + key + "`; its keywords are "
                    + values.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
