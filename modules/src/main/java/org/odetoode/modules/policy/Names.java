package org.odetoode.modules.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" suggestions for unknown names. */
final class Names {
    private Names() {
    }

    /** The known names closest to {@code name} by edit distance (at most 3 edits, at most 3 names). */
    static List<String> closest(String name, Collection<String> known) {
        String q = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> distance(q, k.toLowerCase(Locale.ROOT)) <= Math.max(2, q.length() / 3))
                .sorted(Comparator.comparingInt(k -> distance(q, k.toLowerCase(Locale.ROOT))))
                .limit(3)
                .toList();
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

    /** "Did you mean `x`? " or "" when nothing is close. */
    static String suggestion(String name, Collection<String> known) {
        List<String> close = closest(name, known);
        return close.isEmpty() ? "" : "Did you mean `" + String.join("` or `", close) + "`? ";
    }
}
