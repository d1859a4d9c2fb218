package org.odetoode.envs;

/**
 * The project's seeded random number generator: xoshiro256** (Blackman and Vigna, 2018), its 256-bit state
 * filled from the seed by SplitMix64.
 *
 * <p>Both algorithms are fixed here, not delegated to the JDK, so a seed gives the same stream on every JVM,
 * machine and thread count. Doubles take the top 53 bits; Gaussians use the polar Box-Muller method and keep
 * the second value for the next call. Not thread-safe: give each thread its own instance ({@link #split()}).
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        reseed(seed);
    }

    private Rng(long s0, long s1, long s2, long s3) {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** Restarts the stream from {@code seed}, as if newly constructed. */
    public void reseed(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        hasSpare = false;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Uniform integer in [0, n), without modulo bias (rejection on 63-bit draws). */
    public int nextInt(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("nextInt bound must be positive, got " + n);
        }
        long r;
        long v;
        do {
            r = nextLong() >>> 1;
            v = r % n;
        } while (r - v + (n - 1) < 0);
        return (int) v;
    }

    /** Standard normal. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double scale = Math.sqrt(-2.0 * Math.log(s) / s);
        spareGaussian = v * scale;
        hasSpare = true;
        return u * scale;
    }

    /** An independent generator derived from this one's next output; advances this stream by one draw. */
    public Rng split() {
        long seed = nextLong();
        return new Rng(mix(seed + 0x9E3779B97F4A7C15L), mix(seed + 2 * 0x9E3779B97F4A7C15L),
                mix(seed + 3 * 0x9E3779B97F4A7C15L), mix(seed + 4 * 0x9E3779B97F4A7C15L));
    }
}
