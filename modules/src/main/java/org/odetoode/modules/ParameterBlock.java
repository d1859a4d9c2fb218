package org.odetoode.modules;

/**
 * A named slice of a flat parameter vector, e.g. {@code flow.iso.Q} at offset 272 with 136 entries.
 *
 * @param name dotted name of the block
 * @param offset index of the first entry in the flat vector
 * @param length number of entries
 */
public record ParameterBlock(String name, int offset, int length) {

    /** True when flat index {@code i} lies in this block. */
    public boolean contains(int i) {
        return i >= offset && i < offset + length;
    }
}
