package org.odetoode.agents.internal;

/**
 * Stateless seed derivation: every random draw of a run is a function of the run seed and integer coordinates
 * (iteration, candidate, episode), never of a generator's history. So results do not depend on which thread ran
 * what, and a checkpoint needs only the counters to restore "the RNG state".
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed for the coordinates {@code (seed, a, b, c)} (SplitMix64 finaliser per step). */
    public static long derive(long seed, long a, long b, long c) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h + a * 0x9E3779B97F4A7C15L);
        h = mix(h + b * 0xC2B2AE3D27D4EB4FL);
        return mix(h + c * 0x165667B19E3779F9L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
