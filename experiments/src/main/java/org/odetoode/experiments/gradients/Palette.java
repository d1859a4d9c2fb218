package org.odetoode.experiments.gradients;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.modules.policy.Policies;

/**
 * The series colours of every study plot. Each policy has its own colour, the same in every plot of every study
 * (Policies.NAMES[i] is drawn in COLOURS[i]); other groups of series (tanh and relu, the horizons of a counterexample)
 * take the colours left over by the report's policies, in order of first appearance.
 */
final class Palette {
    /** Ten colours that stay apart on screen and in print (the Tableau 10 hues, grey last). */
    static final List<Color> COLOURS = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0xd62728), new Color(0x17becf),
            new Color(0xbcbd22), new Color(0x7f7f7f));

    private Palette() {
    }

    /** True when {@code group} names a policy, which then has its fixed colour. */
    static boolean isPolicy(String group) {
        return Policies.NAMES.contains(group);
    }

    /** The colour of a policy in every plot. */
    static Color policy(String name) {
        int i = Policies.NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("not a policy: " + name);
        }
        return COLOURS.get(i);
    }

    /** A colour for each group of one report: policies keep theirs, the others take the unused colours in order. */
    static Map<String, Color> assign(Collection<String> groups) {
        List<Color> free = new ArrayList<>(COLOURS);
        groups.stream().filter(Palette::isPolicy).forEach(g -> free.remove(policy(g)));
        Map<String, Color> out = new LinkedHashMap<>();
        int next = 0;
        for (String g : groups) {
            if (isPolicy(g)) {
                out.put(g, policy(g));
            } else if (!out.containsKey(g)) {
                out.put(g, free.get(next++ % free.size())); // never empty: there are more colours than policies
            }
        }
        return out;
    }
}
