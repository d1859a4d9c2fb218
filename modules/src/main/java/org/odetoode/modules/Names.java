package org.odetoode.modules;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean" suggestions for unknown names and keys, shared by every module that takes names from users. */
public final class Names {
    private Names() {
    }

    /** The known names at the smallest edit distance from {@code name}, if near enough to be a typo (at most 3). */
    public static List<String> closest(String name, Collection<String> known) {
        String q = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, q.length() / 3);
        int best = known.stream().mapToInt(k -> distance(q, k.toLowerCase(Locale.ROOT))).min().orElse(limit + 1);
        return known.stream()
                .filter(k -> distance(q, k.toLowerCase(Locale.ROOT)) == best && best <= limit)
                .limit(3)
                .toList();
    }

    /** "Did you mean `x`? " or "" when nothing is close. */
    public static String suggestion(String name, Collection<String> known) {
        List<String> close = closest(name, known);
        return close.isEmpty() ? "" : "Did you mean `" + String.join("` or `", close) + "`? ";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
