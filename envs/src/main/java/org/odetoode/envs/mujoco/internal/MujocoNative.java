package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Pointer;

/**
 * The MuJoCo C functions the environments call, bound by JNA direct mapping (registered by
 * {@link MujocoLibrary}). Functions on the stepping path take raw addresses ({@code long}) to keep the
 * per-call cost to a plain JNI transition.
 */
final class MujocoNative {
    private MujocoNative() {
    }

    static native int mj_version();

    static native void mj_defaultVFS(Pointer vfs);

    static native int mj_makeEmptyFileVFS(Pointer vfs, String filename, int filesize);

    static native int mj_findFileVFS(Pointer vfs, String filename);

    static native void mj_deleteVFS(Pointer vfs);

    static native Pointer mj_loadXML(String filename, Pointer vfs, byte[] error, int errorSize);

    static native Pointer mj_copyModel(Pointer dest, Pointer src);

    static native Pointer mj_makeData(Pointer m);

    static native void mj_deleteModel(Pointer m);

    static native void mj_deleteData(Pointer d);

    static native int mj_name2id(Pointer m, int type, String name);

    static native void mj_step(long m, long d);

    static native void mj_forward(long m, long d);

    static native void mj_resetData(long m, long d);

    static native void mj_rnePostConstraint(long m, long d);
}
