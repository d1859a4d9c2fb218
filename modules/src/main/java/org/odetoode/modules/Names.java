package org.odetoode.modules;

import java.util.Collection;
import java.util.List;
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
        int best = known.stream().mapToInt(k -> distance.apply(q, k.toLowerCase(Locale.ROOT))).min().orElse(limit + 1);
        return known.stream()
                .filter(k -> distance.apply(q, k.toLowerCase(Locale.ROOT)) == best && best <= limit)
                .limit(3)
                .toList();
    }

    /** "Did you mean `x`? " or "" when nothing is close. */
    public static String suggestion(String name, Collection<String> known) {
        List<String> close = closest(name, known);
        return close.isEmpty() ? "" : "Did you mean `" + String.join("` or `", close) + "`? ";
    }
}
