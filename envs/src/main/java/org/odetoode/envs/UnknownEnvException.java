package org.odetoode.envs;

import java.util.List;

/** {@link Envs#make} or {@link Envs#spec} was given an id no provider registers. */
public final class UnknownEnvException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final List<String> suggestions;

    public UnknownEnvException(String id, List<String> suggestions, List<String> knownIds) {
        super(message(id, suggestions, knownIds));
        this.id = id;
        this.suggestions = List.copyOf(suggestions);
    }

    private static String message(String id, List<String> suggestions, List<String> knownIds) {
        StringBuilder sb = new StringBuilder("Unknown env `").append(id).append("`.");
        if (!suggestions.isEmpty()) {
            sb.append(" Did you mean `").append(String.join("` or `", suggestions)).append("`?");
        }
        return sb.append(" Known ids: ").append(String.join(", ", knownIds)).toString();
    }

    /** The id that was asked for. */
    public String id() {
        return id;
    }

    /** The closest known ids by edit distance, best first; empty when none is close. */
    public List<String> suggestions() {
        return suggestions;
    }
}
