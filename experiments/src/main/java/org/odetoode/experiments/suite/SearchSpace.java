package org.odetoode.experiments.suite;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.odetoode.experiments.suite.Yaml.Entry;
import org.odetoode.experiments.suite.Yaml.Mapping;
import org.odetoode.experiments.suite.Yaml.Node;
import org.odetoode.experiments.suite.Yaml.Scalar;
import org.odetoode.experiments.suite.Yaml.Sequence;

/**
 * The ranges a tune draws config overrides from, one config key per line of a YAML mapping:
 *
 * <pre>
 * sigma: {log-uniform: [0.01, 0.3]}          # exp(U(log lo, log hi)): for scales spanning decades
 * learning-rate: {log-uniform: [0.005, 0.2]}
 * momentum: {uniform: [0.0, 0.95]}
 * population-size: {int: [16, 64], step: 8}  # lo, lo + step, ..., up to hi, each equally likely
 * policy-options.flow: {choice: [iso, gated]}
 * </pre>
 *
 * Sampled reals keep 4 significant digits, so that the settings a report lists are the settings that ran.
 */
public final class SearchSpace {
    private static final MathContext DIGITS = new MathContext(4);
    private static final List<String> KINDS = List.of("log-uniform", "uniform", "int", "choice");

    /** One key's range, with the line that declared it. */
    public sealed interface Param permits LogUniform, Uniform, IntRange, Choice {
        String key();

        int line();

        /** Draws one value, as the config text a suite's {@code set} would hold. */
        String sample(SplittableRandom rng);
    }

    /** exp(U(log lo, log hi)), rounded to 4 significant digits. */
    public record LogUniform(String key, double lo, double hi, int line) implements Param {
        @Override
        public String sample(SplittableRandom rng) {
            return real(Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo))), lo, hi);
        }
    }

    /** U(lo, hi), rounded to 4 significant digits. */
    public record Uniform(String key, double lo, double hi, int line) implements Param {
        @Override
        public String sample(SplittableRandom rng) {
            return real(lo + rng.nextDouble() * (hi - lo), lo, hi);
        }
    }

    /** lo, lo + step, ..., the largest such value ≤ hi, each equally likely. */
    public record IntRange(String key, long lo, long hi, long step, int line) implements Param {
        @Override
        public String sample(SplittableRandom rng) {
            return Long.toString(lo + step * rng.nextLong((hi - lo) / step + 1));
        }
    }

    /** One of the listed values, each equally likely. */
    public record Choice(String key, List<String> values, int line) implements Param {
        @Override
        public String sample(SplittableRandom rng) {
            return values.get(rng.nextInt(values.size()));
        }
    }

    private final String file;
    private final List<Param> params;

    private SearchSpace(String file, List<Param> params) {
        this.file = file;
        this.params = List.copyOf(params);
    }

    /** The file as the user named it, for messages. */
    public String file() {
        return file;
    }

    /** The ranges in file order. */
    public List<Param> params() {
        return params;
    }

    /** The line that declared {@code key} (a config key, maybe {@code policy-options.d}), or 1. */
    public int line(String key) {
        return params.stream().filter(p -> p.key().equals(key) || p.key().startsWith(key + ".")).mapToInt(Param::line)
                .findFirst().orElse(1);
    }

    /**
     * {@code n} settings drawn from one generator seeded with {@code seed}: trial i is the same for the same file,
     * seed and i, whatever {@code n} is.
     */
    public List<Map<String, String>> sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Map<String, String>> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> t = new LinkedHashMap<>();
            for (Param p : params) {
                t.put(p.key(), p.sample(rng));
            }
            trials.add(t);
        }
        return trials;
    }

    private static String real(double x, double lo, double hi) {
        double v = Math.min(hi, Math.max(lo, new BigDecimal(x).round(DIGITS).doubleValue()));
        return BigDecimal.valueOf(v).round(DIGITS).stripTrailingZeros().toPlainString();
    }

    /**
     * Reads a space file.
     *
     * @throws SuiteFileException for anything wrong in it, with its line
     * @throws IllegalArgumentException when it cannot be read
     */
    public static SearchSpace read(Path path) {
        try {
            return parse(Files.readString(path), path.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Space file " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read space file " + path + ": " + e.getMessage());
        }
    }

    /** Parses space {@code text}; {@code file} names it in messages. */
    public static SearchSpace parse(String text, String file) {
        Node root = Yaml.parse(text, file);
        if (!(root instanceof Mapping m) || m.entries().isEmpty()) {
            throw new SuiteFileException(file, root.line(), null, "a space file is a mapping of config key: range,"
                    + " e.g. sigma: {log-uniform: [0.01, 0.3]}");
        }
        List<Param> params = new ArrayList<>();
        for (Entry e : m.entries().values()) {
            params.add(param(file, e));
        }
        return new SearchSpace(file, params);
    }

    private static Param param(String file, Entry e) {
        String key = e.key();
        if (!(e.value() instanceof Mapping range) || range.entries().isEmpty()) {
            throw new SuiteFileException(file, e.line(), key, "must be a range: one of {log-uniform: [lo, hi]},"
                    + " {uniform: [lo, hi]}, {int: [lo, hi]} (optional step: k), {choice: [a, b, ...]}");
        }
        Entry kind = range.entries().values().iterator().next();
        if (!KINDS.contains(kind.key())) {
            throw new SuiteFileException(file, kind.line(), key + "." + kind.key(), "unknown range kind; use one of "
                    + String.join(", ", KINDS));
        }
        for (Entry extra : range.entries().values()) {
            if (extra != kind && !(kind.key().equals("int") && extra.key().equals("step"))) {
                throw new SuiteFileException(file, extra.line(), key + "." + extra.key(), "unexpected; a range has"
                        + " one kind" + (kind.key().equals("int") ? " and an optional step" : ""));
            }
        }
        String path = key + "." + kind.key();
        if (!(kind.value() instanceof Sequence s)) {
            throw new SuiteFileException(file, kind.line(), path, "must be a list, e.g. " + kind.key() + ": [a, b]");
        }
        List<String> items = new ArrayList<>();
        for (Node n : s.items()) {
            if (!(n instanceof Scalar sc) || sc.text() == null || sc.text().isBlank()) {
                throw new SuiteFileException(file, n.line(), path, "expected plain values");
            }
            items.add(sc.text().trim());
        }
        if (kind.key().equals("choice")) {
            if (items.isEmpty()) {
                throw new SuiteFileException(file, kind.line(), path, "is empty: list at least one value");
            }
            return new Choice(key, items, e.line());
        }
        if (items.size() != 2) {
            throw new SuiteFileException(file, kind.line(), path, "expected [lo, hi], got " + items.size() + " value"
                    + (items.size() == 1 ? "" : "s"));
        }
        if (kind.key().equals("int")) {
            long lo = integer(file, kind.line(), path, items.get(0));
            long hi = integer(file, kind.line(), path, items.get(1));
            long step = 1;
            if (range.entries().containsKey("step")) {
                Entry st = range.entries().get("step");
                step = integer(file, st.line(), key + ".step", st.value() instanceof Scalar sc && sc.text() != null
                        ? sc.text().trim() : "");
                if (step < 1) {
                    throw new SuiteFileException(file, st.line(), key + ".step", "must be >= 1, got " + step);
                }
            }
            if (lo > hi) {
                throw new SuiteFileException(file, kind.line(), path, "lo " + lo + " > hi " + hi);
            }
            return new IntRange(key, lo, hi, step, e.line());
        }
        double lo = real(file, kind.line(), path, items.get(0));
        double hi = real(file, kind.line(), path, items.get(1));
        if (!(lo < hi)) {
            throw new SuiteFileException(file, kind.line(), path, "needs lo < hi, got [" + items.get(0) + ", "
                    + items.get(1) + "]");
        }
        if (kind.key().equals("log-uniform")) {
            if (lo <= 0) {
                throw new SuiteFileException(file, kind.line(), path, "log-uniform needs 0 < lo, got " + items.get(0)
                        + "; use uniform for ranges that reach 0");
            }
            return new LogUniform(key, lo, hi, e.line());
        }
        return new Uniform(key, lo, hi, e.line());
    }

    private static long integer(String file, int line, String path, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SuiteFileException(file, line, path, "expected an integer, got `" + text + "`");
        }
    }

    private static double real(String file, int line, String path, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SuiteFileException(file, line, path, "expected a number, got `" + text + "`");
    }
}
