package org.odetoode.experiments.suite.emit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code #SBATCH} directives of a batch script, read as sbatch reads them: from the lines after the shebang up to
 * the first command (sbatch ignores any {@code #SBATCH} line after it), each {@code --name=value} or {@code --flag}.
 */
record SbatchDirectives(Map<String, String> options, int ignored) {
    /**
     * Parses a script.
     *
     * @return option name (without dashes) to value ("" for a flag), in order, and the count of directives sbatch
     *     would ignore because a command comes before them
     * @throws IllegalArgumentException for a directive that is not a long option, or one given twice
     */
    static SbatchDirectives parse(String script) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean inHeader = true;
        int late = 0;
        for (String raw : script.split("\n", -1)) {
            String line = raw.strip();
            boolean directive = line.startsWith("#SBATCH");
            if (inHeader && !line.isEmpty() && !line.startsWith("#")) {
                inHeader = false;
            }
            if (!directive) {
                continue;
            }
            if (!inHeader) {
                late++;
                continue;
            }
            String option = line.substring("#SBATCH".length()).strip();
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("not a long option: " + raw);
            }
            int eq = option.indexOf('=');
            String name = eq < 0 ? option.substring(2) : option.substring(2, eq);
            if (options.put(name, eq < 0 ? "" : option.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        return new SbatchDirectives(options, late);
    }
}
