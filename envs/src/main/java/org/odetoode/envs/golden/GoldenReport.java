package org.odetoode.envs.golden;

import java.util.List;

/**
 * The result of replaying one golden file: one {@link GoldenResult} per env id, in order of first appearance.
 *
 * @param source the file's name, as given to {@link GoldenReplay}
 */
public record GoldenReport(String source, List<GoldenResult> results) {

    public GoldenReport {
        results = List.copyOf(results);
    }

    /** True when every env id matches within tolerance. */
    public boolean matches() {
        return results.stream().allMatch(GoldenResult::matches);
    }

    /** The result for {@code envId}, or null if the file has no episode of it. */
    public GoldenResult result(String envId) {
        return results.stream().filter(r -> r.envId().equals(envId)).findFirst().orElse(null);
    }
}
