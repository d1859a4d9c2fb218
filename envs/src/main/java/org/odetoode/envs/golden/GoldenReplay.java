package org.odetoode.envs.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Transition;

/**
 * Replays reference episodes and measures how far our ports are from them.
 *
 * <p>The file is JSON Lines in the format of {@code shared/golden/README.md}: per line {@code env},
 * {@code initial_state}, {@code actions}, and per step {@code obs}, {@code rewards}, {@code terminated},
 * {@code truncated} (other fields, such as {@code seed} and {@code initial_obs}, are not used). Each episode
 * runs on {@link Envs#make(String)} of its id (so the default TimeLimit applies): reset, {@code setState} to the
 * initial state, then every action in turn, comparing each step with the reference. Blank lines are skipped.
 */
public final class GoldenReplay {
    /** The largest observation error at which a port matches (observations are float32). */
    public static final double OBSERVATION_TOLERANCE = 1e-5;
    /** The largest reward error at which a port matches. */
    public static final double REWARD_TOLERANCE = 1e-6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenReplay() {
    }

    /**
     * Replays every episode of {@code file}.
     *
     * @throws GoldenFormatException naming the line and the problem when the file is malformed
     * @throws IOException when the file cannot be read
     */
    public static GoldenReport replay(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return replay(reader, file.toString());
        }
    }

    /** Replays every episode read from {@code reader}; {@code source} names it in messages. */
    public static GoldenReport replay(Reader reader, String source) throws IOException {
        Map<String, Accumulator> byEnv = new LinkedHashMap<>();
        Map<String, Env> envs = new LinkedHashMap<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        try {
            String text;
            int lineNumber = 0;
            while ((text = lines.readLine()) != null) {
                lineNumber++;
                if (!text.isBlank()) {
                    new Episode(source, lineNumber, text).replay(envs, byEnv);
                }
            }
        } finally {
            envs.values().forEach(Env::close);
        }
        List<GoldenResult> results = new ArrayList<>();
        byEnv.forEach((id, acc) -> results.add(acc.result(id)));
        return new GoldenReport(source, results);
    }

    private static final class Accumulator {
        int episodes;
        int steps;
        double maxObservationError;
        double maxRewardError;
        int flagMismatches;

        GoldenResult result(String id) {
            return new GoldenResult(id, episodes, steps, maxObservationError, maxRewardError, flagMismatches);
        }
    }

    /** One line: parsed and checked on construction, then replayed. */
    private static final class Episode {
        private final String source;
        private final int line;
        private final JsonNode root;

        Episode(String source, int line, String text) {
            this.source = source;
            this.line = line;
            try {
                this.root = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw error("not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (!root.isObject()) {
                throw error("expected a JSON object, got " + root.getNodeType().toString().toLowerCase());
            }
        }

        void replay(Map<String, Env> envs, Map<String, Accumulator> byEnv) {
            JsonNode idNode = field("env");
            if (!idNode.isTextual()) {
                throw error("`env` must be a string, got " + idNode);
            }
            String id = idNode.asText();
            Env env = envs.get(id);
            if (env == null) {
                try {
                    env = Envs.make(id);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
                envs.put(id, env);
            }
            int obsSize = env.observationSpace().size();
            int actionSize = env.actionSpace().size();
            double[] initialState = numbers("initial_state", field("initial_state"), env.getState().length);
            JsonNode actions = array("actions");
            int n = actions.size();
            JsonNode obs = array("obs", n);
            JsonNode rewards = array("rewards", n);
            JsonNode terminated = array("terminated", n);
            JsonNode truncated = array("truncated", n);

            Accumulator acc = byEnv.computeIfAbsent(id, k -> new Accumulator());
            Transition t = new Transition(obsSize);
            env.reset(0, t);
            try {
                env.setState(initialState);
            } catch (IllegalArgumentException e) {
                throw error("`initial_state` does not fit: " + e.getMessage());
            }
            double[] action = new double[actionSize];
            for (int s = 0; s < n; s++) {
                JsonNode a = actions.get(s);
                if (a.isArray()) {
                    System.arraycopy(numbers("actions[" + s + "]", a, actionSize), 0, action, 0, actionSize);
                } else if (a.isNumber() && actionSize == 1) {
                    action[0] = a.asDouble();
                } else {
                    throw error("`actions[" + s + "]` must be a number or a list of " + actionSize + " numbers, got " + a);
                }
                double[] expectedObs = numbers("obs[" + s + "]", obs.get(s), obsSize);
                double expectedReward = number("rewards[" + s + "]", rewards.get(s));
                boolean expectedTerminated = bool("terminated[" + s + "]", terminated.get(s));
                boolean expectedTruncated = bool("truncated[" + s + "]", truncated.get(s));
                try {
                    env.step(action, t);
                } catch (IllegalArgumentException e) {
                    throw error("step " + s + ": " + e.getMessage());
                }
                // Math.max keeps NaN, so a NaN error is never hidden by later steps.
                for (int i = 0; i < obsSize; i++) {
                    acc.maxObservationError = Math.max(acc.maxObservationError, Math.abs(t.observation[i] - expectedObs[i]));
                }
                acc.maxRewardError = Math.max(acc.maxRewardError, Math.abs(t.reward - expectedReward));
                acc.flagMismatches += (t.terminated != expectedTerminated ? 1 : 0)
                        + (t.truncated != expectedTruncated ? 1 : 0);
            }
            acc.episodes++;
            acc.steps += n;
        }

        private JsonNode field(String name) {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw error("missing field `" + name + "`");
            }
            return node;
        }

        private JsonNode array(String name) {
            JsonNode node = field(name);
            if (!node.isArray()) {
                throw error("`" + name + "` must be a list, got " + node.getNodeType().toString().toLowerCase());
            }
            return node;
        }

        private JsonNode array(String name, int expectedLength) {
            JsonNode node = array(name);
            if (node.size() != expectedLength) {
                throw error("`" + name + "` has " + node.size() + " entries but `actions` has " + expectedLength);
            }
            return node;
        }

        private double[] numbers(String name, JsonNode node, int expectedLength) {
            if (!node.isArray() || node.size() != expectedLength) {
                throw error("`" + name + "` must be a list of " + expectedLength + " numbers, got " + node);
            }
            double[] out = new double[expectedLength];
            for (int i = 0; i < expectedLength; i++) {
                out[i] = number(name + "[" + i + "]", node.get(i));
            }
            return out;
        }

        private double number(String name, JsonNode node) {
            if (!node.isNumber()) {
                throw error("`" + name + "` must be a number, got " + node);
            }
            return node.asDouble();
        }

        private boolean bool(String name, JsonNode node) {
            if (!node.isBoolean()) {
                throw error("`" + name + "` must be true or false, got " + node);
            }
            return node.asBoolean();
        }

        private GoldenFormatException error(String problem) {
            return new GoldenFormatException(source, line, problem);
        }
    }
}
