package org.odetoode.modules.policy;

/**
 * One documented hyperparameter of a policy.
 *
 * @param key the name in configs and on the command line ({@code --set key=value})
 * @param defaultValue the value used when none is given
 * @param allowed what values are allowed, in words (shown in errors and {@code --help})
 * @param description one line saying what it does
 */
public record HyperParameter(String key, String defaultValue, String allowed, String description) {
}
