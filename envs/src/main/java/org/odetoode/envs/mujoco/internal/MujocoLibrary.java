package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
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
        String soname = "libmujoco.so." + version;
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(soname);
        } catch (UnsatisfiedLinkError exact) {
            try {
                lib = NativeLibrary.getInstance("mujoco");
            } catch (UnsatisfiedLinkError any) {
                throw new MujocoUnavailableException(missingLibraryMessage(version, exact.getMessage()), any);
            }
        }
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
