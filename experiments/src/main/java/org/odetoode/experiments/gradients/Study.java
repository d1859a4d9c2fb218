package org.odetoode.experiments.gradients;

import java.util.List;

/**
 * One gradient study of issue 6 (diagnostics D1-D10 of shared/research/gradient-diagnostics.md): it reads its
 * settings from a {@link StudyContext} and puts every plotted number and headline into the context's {@link Report}.
 */
public interface Study {

    /** The name on the command line, e.g. {@code depth-sweep}. */
    String name();

    /** One line for help: what it computes and which diagnostic it is. */
    String summary();

    /** The study's own {@code --set} keys with defaults (none unless overridden); every other key goes to the policy. */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * The horizon of the depth studies: the default unrestricted iso flow blows up near t = 3.8 (seed 0, d = 16), so
     * T = 3 (60 steps) compares restricted and unrestricted flows over the longest span both survive.
     */
    java.util.Map<String, String> BOTH_FLOWS_HORIZON = java.util.Map.of("T", "3", "steps", "60");

    /** Policy hyperparameters this study changes unless the user sets them (e.g. a longer T). */
    default java.util.Map<String, String> policyDefaults() {
        return java.util.Map.of();
    }

    /** True when the study builds networks from {@code --policy}; false for policy-free ones (meanfield). */
    default boolean usesPolicies() {
        return true;
    }

    /** True when the study reads training runs ({@code --run DIR}) instead of drawing networks. */
    default boolean usesRuns() {
        return false;
    }

    /** Runs the study. */
    void run(StudyContext ctx);

    /**
     * A study setting.
     *
     * @param key the {@code --set} key
     * @param defaultValue its default
     * @param description what it means, with units
     */
    record Setting(String key, String defaultValue, String description) {
    }
}
