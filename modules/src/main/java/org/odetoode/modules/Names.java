package org.odetoode.modules;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" suggestions for unknown names and keys, shared by every module that takes names from users. */
public final class Names {
    private Names() {
    }

    /** The known names at the smallest edit distance from {@code name}, if near enough to be a typo (at most 3). */
    public static List<String> closest(String name, Collection<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String q = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, q.length() / 3);
        Map<String, Integer> distances = new LinkedHashMap<>();
        for (String k : known) {
            distances.put(k, distance.apply(q, k.toLowerCase(Locale.ROOT)));
        }
        int best = distances.values().stream().mapToInt(Integer::intValue).min().orElse(limit + 1);
        return distances.entrySet().stream()
                .filter(e -> e.getValue() == best && best <= limit)
                .map(Map.Entry::getKey)
                .limit(3)
                .toList();
    }

    /**
     * The constant of {@code values} whose config name, its lower-case name, is {@code name} (case and surrounding
     * space ignored); otherwise an {@link InvalidHyperparameterException} for {@code parameter} listing the names.
     */
    public static <E extends Enum<E>> E parse(String parameter, String name, E[] values) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(name.trim())) {
                return e;
            }
        }
        throw new InvalidHyperparameterException(parameter, name,
                "one of " + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** "Did you mean `x`? " or "" when nothing is close. */
    public static String suggestion(String name, Collection<String> known) {
        List<String> close = closest(name, known);
        return close.isEmpty() ? "" : "Did you mean `" + String.join("` or `", close) + "`? ";
    }
}
