package org.odetoode.modules;

import java.util.Locale;

/**
 * Refuses a network that cannot fit before anything is allocated: a configuration such as d = 100000 would otherwise
 * spend seconds filling the heap and end in an OutOfMemoryError. Each family states, from its dimensions alone, a
 * lower bound on the doubles one network holds and the length of its largest array.
 */
public final class MemoryBudget {
    /** The longest array a JVM allocates (a few words short of Integer.MAX_VALUE). */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private MemoryBudget() {
    }

    /**
     * Throws unless {@code doubles} fit in the heap that is free now and no array exceeds the JVM's limit.
     *
     * @param parameter the hyperparameter the message blames (the one that makes the network large)
     * @param what the configuration in words, e.g. "odetoode with d=100000, steps=10"
     * @param lower what to lower, in words, e.g. "d or steps"
     * @param doubles a lower bound on the doubles one network holds (a double, since it may exceed a long's range)
     * @param largestArray the length of its largest array
     * @throws InvalidHyperparameterException naming the memory needed and the heap available
     */
    public static void require(String parameter, String what, String lower, double doubles, double largestArray) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        double bytes = 8 * doubles;
        boolean arrayTooLong = largestArray > MAX_ARRAY_LENGTH;
        if (bytes > free || arrayTooLong) {
            throw InvalidHyperparameterException.of(parameter, String.format(Locale.ROOT,
                    "%s needs at least %s for one network, and the Java heap has %s free (of %s)%s; lower %s%s",
                    what, size(bytes), size(free), size(rt.maxMemory()),
                    arrayTooLong ? String.format(Locale.ROOT, "; its arrays of %.3g entries are more than a Java array"
                            + " holds (%,d)", largestArray, MAX_ARRAY_LENGTH) : "",
                    lower, arrayTooLong ? "" : ", or raise the heap with -Xmx (ODETOODE_JAVA_OPTS=-Xmx… for the"
                            + " odetoode launcher)"));
        }
    }

    /** Bytes in binary units, e.g. "74.5 GiB". */
    static String size(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    }
}
