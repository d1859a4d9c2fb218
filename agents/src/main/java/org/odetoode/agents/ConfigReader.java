package org.odetoode.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.odetoode.modules.Names;

/** Typed reads of a merged config map; every failure names its key in one sentence. */
record ConfigReader(Map<String, Object> m) {
    String string(String key) {
        Object v = m.get(key);
        if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
            throw InvalidConfigException.invalid(key, v, "a single value");
        }
        return v.toString().trim();
    }

    Map<String, String> map(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = m.get(key);
        TrainConfig.asMap(key, v == null ? Map.of() : v).forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
        return out;
    }

    long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw InvalidConfigException.invalid(key, m.get(key), "an integer");
        }
    }

    int integer(String key, int min) {
        long v;
        try {
            v = Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > Integer.MAX_VALUE) {
            throw InvalidConfigException.invalid(key, m.get(key), "an integer >= " + min);
        }
        return (int) v;
    }

    private double number(String key, String expected) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw InvalidConfigException.invalid(key, m.get(key), expected);
        }
    }

    double finite(String key) {
        double v = number(key, "a finite number");
        if (!Double.isFinite(v)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a finite number");
        }
        return v;
    }

    double positive(String key) {
        double v = number(key, "a number > 0");
        if (!(v > 0) || !Double.isFinite(v)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number > 0");
        }
        return v;
    }

    double nonNegative(String key) {
        double v = number(key, "a number >= 0");
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number >= 0");
        }
        return v;
    }

    double unit(String key) {
        double v = number(key, "a number in [0, 1)");
        if (!(v >= 0 && v < 1)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number in [0, 1)");
        }
        return v;
    }

    boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw InvalidConfigException.invalid(key, m.get(key), "true or false");
        }
        return v.equals("true");
    }

    /** A discount factor: in (0, 1]. */
    double discount(String key) {
        double v = number(key, "a number in (0, 1]");
        if (!(v > 0 && v <= 1)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number in (0, 1]");
        }
        return v;
    }

    /** In [0, 1]. */
    double closedUnit(String key) {
        double v = number(key, "a number in [0, 1]");
        if (!(v >= 0 && v <= 1)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number in [0, 1]");
        }
        return v;
    }

    /** A number > 0, or {@code none} (read as NaN). */
    double positiveOrNone(String key) {
        if (string(key).equalsIgnoreCase("none")) {
            return Double.NaN;
        }
        double v = number(key, "a number > 0 or none");
        if (!(v > 0) || !Double.isFinite(v)) {
            throw InvalidConfigException.invalid(key, m.get(key), "a number > 0 or none");
        }
        return v;
    }

    <E> E choice(String key, E[] values, Function<E, String> spelling) {
        String v = string(key).toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (E e : values) {
            names.add(spelling.apply(e));
            if (spelling.apply(e).equals(v)) {
                return e;
            }
        }
        String hint = Names.suggestion(v, names).trim();
        throw InvalidConfigException.invalid(key, m.get(key), "one of [" + String.join(", ", names) + "]"
                + (hint.isEmpty() ? "" : ". " + hint));
    }
}
