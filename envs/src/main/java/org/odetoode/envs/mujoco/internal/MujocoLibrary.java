package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;
import org.odetoode.envs.mujoco.MujocoUnavailableException;

/**
 * Loads the MuJoCo shared library once per JVM and checks that its version is the one the struct layout
 * was generated for.
 */
public final class MujocoLibrary {
    private static volatile Layout layout;

    private MujocoLibrary() {
    }

    /**
     * The struct layout of the loaded library, loading it on first call.
     *
     * @throws MujocoUnavailableException if the library is missing or its version differs from the layout's
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
        // The exact soname first: it is what libmujoco<version> installs, with or without the -dev symlink.
        NativeLibrary lib = open(version, List.of("libmujoco.so." + version, "mujoco"));
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
        return l;
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
        throw new MujocoUnavailableException(missingLibraryMessage(version, first == null ? "no names given"
                : first.getMessage()), first);
    }

    /** What the user reads when no MuJoCo library can be loaded; {@code version} as "2.2.2". */
    public static String missingLibraryMessage(String version, String cause) {
        return "MuJoCo " + version + " native library (libmujoco.so." + version + ") not found. Install the Debian"
                + " package libmujoco" + version + " (apt-get install libmujoco" + version + ") or put the library"
                + " on jna.library.path. Loader said: " + cause;
    }

    /** What the user reads when the installed library and the build-time headers differ. */
    static String versionMismatchMessage(int expected, int found) {
        return "MuJoCo library version " + Layout.versionString(found) + " does not match the "
                + Layout.versionString(expected) + " headers this build measured the struct layout from. Install"
                + " libmujoco" + Layout.versionString(expected) + ", or rebuild the envs module against the installed"
                + " library's headers.";
    }
}
