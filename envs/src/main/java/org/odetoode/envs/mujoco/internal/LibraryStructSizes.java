package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code sizeof(mjVFS)}, {@code sizeof(mjModel)} and {@code sizeof(mjData)} as the loaded library uses them,
 * measured through its own code rather than read from headers, so that the checked-in layout table can be
 * compared with the library actually loaded.
 *
 * <p>mjVFS: {@code mj_defaultVFS} clears exactly {@code sizeof(mjVFS)} bytes. mjModel and mjData: MuJoCo allocates
 * each struct with one {@code mju_malloc(sizeof(...))}, which goes through the exported {@code mju_user_malloc}
 * hook when one is set; the hook is set only while one model copy and its data are made and deleted.
 */
record LibraryStructSizes(long vfs, long model, long data) {
    private static final long ALIGNMENT = 64;

    /** MuJoCo's allocator hook, {@code void* (*)(size_t)}. */
    public interface Allocate extends Callback {
        Pointer invoke(long size);
    }

    /** MuJoCo's deallocator hook, {@code void (*)(void*)}. */
    public interface Release extends Callback {
        void invoke(Pointer pointer);
    }

    /**
     * Measures the library whose functions {@link MujocoNative} is registered to. Called once, before any
     * simulation exists (the hook would otherwise see their allocations too).
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
        Map<Long, Long> sizes = new HashMap<>();
        Map<Long, Long> blocks = new HashMap<>();
        Allocate allocate = size -> {
            // MuJoCo lays out its buffers from 64-byte aligned addresses, as its own allocator returns.
            long block = Native.malloc(size + ALIGNMENT);
            long address = (block + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            blocks.put(address, block);
            sizes.put(address, size);
            return new Pointer(address);
        };
        Release release = pointer -> Native.free(blocks.getOrDefault(Pointer.nativeValue(pointer),
                Pointer.nativeValue(pointer)));
        Pointer mallocHook = library.getGlobalVariableAddress("mju_user_malloc");
        Pointer freeHook = library.getGlobalVariableAddress("mju_user_free");
        Pointer model = MjSim.compile(layout, "struct-size-probe.xml",
                "<mujoco><worldbody><body><geom size=\"1\"/></body></worldbody></mujoco>"
                        .getBytes(StandardCharsets.UTF_8));
        long modelSize;
        long dataSize;
        try {
            mallocHook.setPointer(0, CallbackReference.getFunctionPointer(allocate));
            freeHook.setPointer(0, CallbackReference.getFunctionPointer(release));
            Pointer copy = MujocoNative.mj_copyModel(null, model);
            Pointer data = MujocoNative.mj_makeData(copy);
            modelSize = sizes.getOrDefault(Pointer.nativeValue(copy), -1L);
            dataSize = sizes.getOrDefault(Pointer.nativeValue(data), -1L);
            MujocoNative.mj_deleteData(data);
            MujocoNative.mj_deleteModel(copy);
        } finally {
            // Both hooks go together: nothing allocated by one allocator is freed by the other.
            mallocHook.setPointer(0, null);
            freeHook.setPointer(0, null);
            // JNA holds callbacks weakly: they must outlive the hooks.
            Reference.reachabilityFence(allocate);
            Reference.reachabilityFence(release);
            MujocoNative.mj_deleteModel(model);
        }
        return new long[] {modelSize, dataSize};
    }
}
