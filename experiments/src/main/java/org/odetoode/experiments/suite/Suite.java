package org.odetoode.experiments.suite;

import java.util.List;

/**
 * A suite file expanded into its cells, every one resolved and checked.
 *
 * @param name the suite's name: its default output folder and the tracker group of its runs
 * @param description free text from the file, or empty
 * @param cells env-major, then policy entry, then seed, as the file lists them
 */
public record Suite(String name, String description, List<Cell> cells) {
    public Suite {
        cells = List.copyOf(cells);
    }
}
