package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sizeof(mjVFS)}, {@code sizeof(mjModel)} and {@code sizeof(mjData)} as the loaded library uses them,
 * measured through its own code rather than read from headers, so that the checked-in layout table can be
 * compared with the library actually loaded.
 *
 * <p>mjVFS: {@code mj_defaultVFS} clears exactly {@code sizeof(mjVFS)} bytes. mjModel and mjData: MuJoCo allocates
 * each struct with one {@code mju_malloc(sizeof(...))}, which goes through the exported {@code mju_user_malloc}
 * hook when one is set; the hook is set only while one model copy and its data are made.
 */
record LibraryStructSizes(long vfs, long model, long data) {
    private static final long ALIGNMENT = 64;

    /** MuJoCo's allocator hook, {@code void* (*)(size_t)}. */
    public interface Allocate extends Callback {
        Pointer invoke(long size);
    }

    /**
     * Measures the library whose functions {@link MujocoNative} is registered to. The hook is process-wide while set;
     * its blocks are what MuJoCo's allocator would return, so anything another thread allocates meanwhile is fine.
     */
    static LibraryStructSizes measure(Layout layout, NativeLibrary library) {
        long[] modelAndData = modelAndDataSizes(layout, library);
        return new LibraryStructSizes(vfsSize(layout.sizeofVfs), modelAndData[0], modelAndData[1]);
    }

    /** Bytes that mj_defaultVFS zeroes in a buffer of twice the expected size filled with 0xFF. */
    private static long vfsSize(long expected) {
        long capacity = 2 * expected;
        try (Memory vfs = new Memory(capacity)) {
            vfs.setMemory(0, capacity, (byte) 0xFF);
            MujocoNative.mj_defaultVFS(vfs);
            ByteBuffer bytes = vfs.getByteBuffer(0, capacity);
            int cleared = 0;
            while (cleared < capacity && bytes.get(cleared) == 0) {
                cleared++;
            }
            return cleared;
        }
    }

    /** The sizes MuJoCo asks its allocator for when it makes an mjModel and an mjData; -1 when not seen. */
    private static long[] modelAndDataSizes(Layout layout, NativeLibrary library) {
        // What MuJoCo's own allocator does on Linux: 64-byte aligned blocks (its buffers are laid out from such
        // addresses) that libc's free releases, so that mju_free needs no hook of its own.
        Function alignedAlloc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("aligned_alloc");
        Map<Long, Long> sizes = new ConcurrentHashMap<>();
        Allocate allocate = size -> {
            long padded = (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            Pointer block = (Pointer) alignedAlloc.invoke(Pointer.class, new Object[] {ALIGNMENT, padded});
            if (block != null) {
                sizes.put(Pointer.nativeValue(block), size);
            }
            return block;
        };
        Pointer mallocHook = library.getGlobalVariableAddress("mju_user_malloc");
        Pointer model = MjSim.compile(layout, "struct-size-probe.xml",
                "<mujoco><worldbody><body><geom size=\"1\"/></body></worldbody></mujoco>"
                        .getBytes(StandardCharsets.UTF_8));
        try {
            Pointer copy;
            Pointer data;
            try {
                mallocHook.setPointer(0, CallbackReference.getFunctionPointer(allocate));
                copy = MujocoNative.mj_copyModel(null, model);
                data = MujocoNative.mj_makeData(copy);
            } finally {
                mallocHook.setPointer(0, null);
                Reference.reachabilityFence(allocate); // JNA holds callbacks weakly
            }
            long[] found = {sizes.getOrDefault(Pointer.nativeValue(copy), -1L),
                sizes.getOrDefault(Pointer.nativeValue(data), -1L)};
            MujocoNative.mj_deleteData(data);
            MujocoNative.mj_deleteModel(copy);
            return found;
        } finally {
            MujocoNative.mj_deleteModel(model);
        }
    }
}
