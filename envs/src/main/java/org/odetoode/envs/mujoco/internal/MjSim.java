package org.odetoode.envs.mujoco.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One MuJoCo model and its simulation data, with the data arrays exposed as {@link DoubleBuffer} views of
 * native memory: reading an observation or writing a control is plain memory access, no native call. Only
 * {@link #step}, {@link #forward}, {@link #reset} and {@link #rnePostConstraint} cross into C.
 *
 * <p>Not thread-safe; the views are invalid after {@link #close()}. An instance that is never closed frees
 * its native memory when it becomes unreachable.
 */
public final class MjSim implements AutoCloseable {
    private static final Object LOAD_LOCK = new Object();
    private static final Cleaner CLEANER = Cleaner.create();

    public final int nq;
    public final int nv;
    public final int nu;
    public final int nbody;
    public final int nsite;
    /** {@code opt.timestep} in seconds. */
    public final double timestep;

    /** Generalised positions (nq). */
    public final DoubleBuffer qpos;
    /** Generalised velocities (nv). */
    public final DoubleBuffer qvel;
    /** Accelerations the constraint solver starts from at the next step (nv); mj_step saves them. */
    public final DoubleBuffer qaccWarmstart;
    /** Controls (nu). */
    public final DoubleBuffer ctrl;
    /** Body frame positions (nbody x 3). */
    public final DoubleBuffer xpos;
    /** Body centre-of-mass positions (nbody x 3). */
    public final DoubleBuffer xipos;
    /** Site positions (nsite x 3). */
    public final DoubleBuffer siteXpos;
    /** Com-based body inertia and mass (nbody x 10). */
    public final DoubleBuffer cinert;
    /** Com-based velocity, rotation then translation (nbody x 6). */
    public final DoubleBuffer cvel;
    /** Actuator force in joint space (nv). */
    public final DoubleBuffer qfrcActuator;
    /** Constraint force in joint space (nv). */
    public final DoubleBuffer qfrcConstraint;
    /** Com-based external (contact) force on each body (nbody x 6); filled by {@link #rnePostConstraint}. */
    public final DoubleBuffer cfrcExt;
    /** Body masses (nbody), from the model. */
    public final DoubleBuffer bodyMass;
    /** Default joint positions (nq), from the model. */
    public final DoubleBuffer qpos0;
    /** Control ranges, low/high per actuator (nu x 2), from the model. */
    public final DoubleBuffer ctrlRange;

    private final Layout layout;
    private final Pointer model;
    private final long m;
    private final long d;
    private final Cleaner.Cleanable freeNative;

    private MjSim(Layout layout, Pointer model) {
        this.layout = layout;
        this.model = model;
        Pointer data = MujocoNative.mj_makeData(model);
        if (data == null) {
            MujocoNative.mj_deleteModel(model);
            throw new IllegalStateException("mj_makeData returned NULL: MuJoCo could not allocate simulation data");
        }
        this.m = Pointer.nativeValue(model);
        this.d = Pointer.nativeValue(data);
        // The action captures the pointers, not this, so that it can run once this is unreachable.
        this.freeNative = CLEANER.register(this, () -> {
            MujocoNative.mj_deleteData(data);
            MujocoNative.mj_deleteModel(model);
        });
        nq = model.getInt(layout.modelNq);
        nv = model.getInt(layout.modelNv);
        nu = model.getInt(layout.modelNu);
        nbody = model.getInt(layout.modelNbody);
        nsite = model.getInt(layout.modelNsite);
        timestep = model.getDouble(layout.modelTimestep);
        if (model.getInt(layout.modelNa) != 0) {
            // act is not part of getState/setState; none of the gym models has activation states.
            throw new IllegalStateException("Models with actuator activations (na = " + model.getInt(layout.modelNa)
                    + ") are not supported");
        }
        qpos = view(data, layout.dataQpos, nq);
        qvel = view(data, layout.dataQvel, nv);
        ctrl = view(data, layout.dataCtrl, nu);
        qaccWarmstart = view(data, layout.dataQaccWarmstart, nv);
        xpos = view(data, layout.dataXpos, nbody * 3);
        xipos = view(data, layout.dataXipos, nbody * 3);
        siteXpos = view(data, layout.dataSiteXpos, nsite * 3);
        cinert = view(data, layout.dataCinert, nbody * 10);
        cvel = view(data, layout.dataCvel, nbody * 6);
        qfrcActuator = view(data, layout.dataQfrcActuator, nv);
        qfrcConstraint = view(data, layout.dataQfrcConstraint, nv);
        cfrcExt = view(data, layout.dataCfrcExt, nbody * 6);
        bodyMass = view(model, layout.modelBodyMass, nbody);
        qpos0 = view(model, layout.modelQpos0, nq);
        ctrlRange = view(model, layout.modelActuatorCtrlrange, nu * 2);
    }

    /** A view of the {@code n} doubles that the pointer field at {@code fieldOffset} of {@code struct} points to. */
    private static DoubleBuffer view(Pointer struct, long fieldOffset, int n) {
        Pointer array = struct.getPointer(fieldOffset);
        if (n == 0) {
            return DoubleBuffer.allocate(0);
        }
        return array.getByteBuffer(0, (long) n * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /** Compiles a gym MJCF file, e.g. {@code half_cheetah.xml}, from the classpath ({@link GymAssets}). */
    public static MjSim loadGymModel(String fileName) {
        return loadXml(fileName, GymAssets.read(fileName));
    }

    /** Compiles MJCF {@code xml} (bytes of a file named {@code fileName}) from memory. */
    public static MjSim loadXml(String fileName, byte[] xml) {
        Layout layout = MujocoLibrary.layout();
        return new MjSim(layout, compile(layout, fileName, xml));
    }

    /**
     * The mjModel that MuJoCo compiles from {@code xml}; the caller deletes it. Needs the natives registered, not
     * {@link MujocoLibrary#layout()}, so that the library check can use it.
     */
    static Pointer compile(Layout layout, String fileName, byte[] xml) {
        Pointer model;
        byte[] error = new byte[1000];
        // The MJCF parser keeps global state in MuJoCo 2.x; compile one model at a time.
        synchronized (LOAD_LOCK) {
            try (Memory vfs = new Memory(layout.sizeofVfs)) {
                MujocoNative.mj_defaultVFS(vfs);
                if (MujocoNative.mj_makeEmptyFileVFS(vfs, fileName, xml.length) != 0) {
                    throw new IllegalStateException("Cannot create " + fileName + " in the MuJoCo virtual file system");
                }
                try {
                    int index = MujocoNative.mj_findFileVFS(vfs, fileName);
                    Pointer buffer = vfs.getPointer(layout.vfsFiledata + (long) index * Native.POINTER_SIZE);
                    buffer.write(0, xml, 0, xml.length);
                    model = MujocoNative.mj_loadXML(fileName, vfs, error, error.length);
                } finally {
                    MujocoNative.mj_deleteVFS(vfs);
                }
            }
        }
        if (model == null) {
            int end = 0;
            while (end < error.length && error[end] != 0) {
                end++;
            }
            throw new IllegalArgumentException("MuJoCo could not compile " + fileName + ": "
                    + new String(error, 0, end, StandardCharsets.UTF_8));
        }
        return model;
    }

    /** Index of the body named {@code name}. */
    public int bodyId(String name) {
        return id(layout.objBody, "body", name);
    }

    /** Index of the site named {@code name}. */
    public int siteId(String name) {
        return id(layout.objSite, "site", name);
    }

    private int id(int type, String kind, String name) {
        int id = MujocoNative.mj_name2id(model, type, name);
        if (id < 0) {
            throw new IllegalArgumentException("The model has no " + kind + " named `" + name + "`");
        }
        return id;
    }

    /** Copies {@code action} into ctrl and advances {@code frames} time steps. */
    public void step(double[] action, int frames) {
        ctrl.put(0, action, 0, nu);
        for (int i = 0; i < frames; i++) {
            MujocoNative.mj_step(m, d);
        }
    }

    /** Recomputes all derived quantities (positions, forces, ...) from qpos and qvel without integrating. */
    public void forward() {
        MujocoNative.mj_forward(m, d);
    }

    /** Resets data to the model defaults (qpos0, zero velocity, time 0); no forward pass. */
    public void reset() {
        MujocoNative.mj_resetData(m, d);
    }

    /** Fills cfrc_ext (and cacc, cfrc_int), which mj_step leaves stale since MuJoCo 2.0. */
    public void rnePostConstraint() {
        MujocoNative.mj_rnePostConstraint(m, d);
    }

    /** Simulation time in seconds. */
    public double time() {
        return new Pointer(d).getDouble(layout.dataTime);
    }

    /** Frees the native model and data; idempotent. */
    @Override
    public void close() {
        freeNative.clean();
    }
}
