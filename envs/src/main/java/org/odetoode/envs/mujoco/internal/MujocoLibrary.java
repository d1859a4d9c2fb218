package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;
import org.odetoode.envs.mujoco.MujocoUnavailableException;

/**
 * Loads the MuJoCo shared library once per JVM and checks that its version and struct sizes are the ones the
 * checked-in struct layout table was generated for.
 *
 * <p>The environment variable {@value #LIBRARY_VARIABLE} names the library file to load instead of searching the
 * loader path; naming a file that does not exist hides an installed MuJoCo, which is how the build without
 * MuJoCo is tested on a machine that has it.
 */
public final class MujocoLibrary {
    /** Environment variable: the MuJoCo library file to load, e.g. {@code /lib/x86_64-linux-gnu/libmujoco.so.2.2.2}. */
    public static final String LIBRARY_VARIABLE = "ODETOODE_MUJOCO_LIBRARY";

    private static volatile Layout layout;

    private MujocoLibrary() {
    }

    /**
     * The struct layout of the loaded library, loading it on first call.
     *
     * @throws MujocoUnavailableException if the library is missing or differs from the layout table
     */
    public static Layout layout() {
        Layout l = layout;
        if (l == null) {
            synchronized (MujocoLibrary.class) {
                l = layout;
                if (l == null) {
                    l = load();
                    layout = l;
                }
            }
        }
        return l;
    }

    private static Layout load() {
        Layout l = Layout.load();
        String version = Layout.versionString(l.version);
        NativeLibrary lib = open(version, libraryNames(version, System.getenv(LIBRARY_VARIABLE)));
        try {
            Native.register(MujocoNative.class, lib);
        } catch (UnsatisfiedLinkError e) {
            throw new MujocoUnavailableException("The library " + lib.getFile() + " lacks MuJoCo " + version
                    + " functions (" + e.getMessage() + "); install the Debian package libmujoco" + version + ".", e);
        }
        int found = MujocoNative.mj_version();
        if (found != l.version) {
            throw new MujocoUnavailableException(versionMismatchMessage(l.version, found));
        }
        checkStructSizes(l, LibraryStructSizes.measure(l, lib), lib.getFile().toString());
        return l;
    }

    /** The names to try: {@code override} alone when set, else the exact soname, then any libmujoco. */
    static List<String> libraryNames(String version, String override) {
        if (override != null && !override.isBlank()) {
            return List.of(override);
        }
        // The exact soname first: it is what libmujoco<version> installs, with or without the -dev symlink.
        return List.of("libmujoco.so." + version, "mujoco");
    }

    /**
     * The first of {@code names} that the dynamic loader can open.
     *
     * @throws MujocoUnavailableException naming the Debian package when none can be opened
     */
    static NativeLibrary open(String version, List<String> names) {
        UnsatisfiedLinkError first = null;
        for (String name : names) {
            try {
                return NativeLibrary.getInstance(name);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        // The loader's own words (every path it tried) stay in the cause: ODETOODE_DEBUG=1 shows them.
        throw new MujocoUnavailableException(missingLibraryMessage(version, names), first);
    }

    /** What the user reads when no MuJoCo library can be loaded: one line; {@code version} as "2.2.2". */
    static String missingLibraryMessage(String version, List<String> tried) {
        return "MuJoCo " + version + " is not installed (could not load " + String.join(" or ", tried) + "): install"
                + " it with apt-get install libmujoco" + version + ", or set " + LIBRARY_VARIABLE
                + " to the path of its libmujoco.so." + version;
    }

    /** What the user reads when the installed library and the layout table's headers differ. */
    static String versionMismatchMessage(int expected, int found) {
        return "MuJoCo library version " + Layout.versionString(found) + " does not match the "
                + Layout.versionString(expected) + " headers the struct layout table was generated from. Install"
                + " libmujoco" + Layout.versionString(expected) + " (apt-get install libmujoco"
                + Layout.versionString(expected) + "), or regenerate the table against the installed library's"
                + " headers: ./mvnw -B -pl envs -Pmujoco-layout generate-resources";
    }

    /** Refuses a library whose structs are not the size the layout table says (another build of the version). */
    static void checkStructSizes(Layout expected, LibraryStructSizes found, String library) {
        String version = Layout.versionString(expected.version);
        StringBuilder differences = new StringBuilder();
        compare(differences, "mjVFS", expected.sizeofVfs, found.vfs());
        compare(differences, "mjModel", expected.sizeofModel, found.model());
        compare(differences, "mjData", expected.sizeofData, found.data());
        if (differences.length() > 0) {
            throw new MujocoUnavailableException("The MuJoCo library " + library + " is a build of " + version
                    + " with other struct sizes than the layout table (" + differences + "); install Debian's"
                    + " build: apt-get install libmujoco" + version);
        }
    }

    private static void compare(StringBuilder differences, String struct, long expected, long found) {
        if (expected != found) {
            differences.append(differences.length() == 0 ? "" : ", ")
                    .append("sizeof(").append(struct).append(") ").append(found)
                    .append(" instead of ").append(expected);
        }
    }
}
