package org.odetoode.modules.net;

import java.util.Locale;
import org.odetoode.modules.Names;

/**
 * The arithmetic of a network's {@link Network#forward forward pass}. FLOAT64 is the reference. FLOAT32 rounds the
 * weights once, when the parameters are set (the weight flow itself still runs in double, so W_t is orthogonal to
 * double rounding before it is rounded), and runs the pass in single precision: twice the SIMD lanes, for rollouts
 * where the outputs, within 1e-5 relative of float64 (Float32ForwardTest), are as good. Gradients are always float64.
 */
public enum Precision {
    FLOAT64,
    FLOAT32;

    /** The name used in configs: {@code float64} or {@code float32}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name. */
    public static Precision parse(String name) {
        return Names.parse("precision", name, values());
    }
}
