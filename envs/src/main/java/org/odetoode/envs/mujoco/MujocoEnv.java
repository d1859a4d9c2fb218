package org.odetoode.envs.mujoco;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.odetoode.envs.Env;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.mujoco.internal.MjSim;
import org.odetoode.envs.spaces.Box;

/**
 * What every gym MuJoCo environment shares, after gym 0.21's {@code gym/envs/mujoco/mujoco_env.py}:
 * load the model, step it {@code frameSkip} times per action, reset to the model's default pose plus noise.
 *
 * <p>A step copies the action into {@code ctrl} as given: gym v3 does not clip actions, and MuJoCo clamps
 * controls to each actuator's {@code ctrlrange} when it computes forces. Control costs therefore see the raw
 * action. The step is allocation-free apart from the info map's boxed numbers.
 *
 * <p>Subclasses supply only their terms: {@link #beforeSimulation()} records what the reward needs from the
 * pre-step state, {@link #afterSimulation} writes reward, termination, observation and info,
 * {@link #resetNoise} perturbs the initial state. The state for {@link #getState()} is {@code qpos} then
 * {@code qvel}.
 */
public abstract class MujocoEnv implements Env {
    /** The simulation; subclasses read its data views. */
    protected final MjSim sim;
    /** Seconds per environment step: {@code opt.timestep * frameSkip}. */
    protected final double dt;
    /** The environment's own random stream, reseeded by {@link #reset(long, Transition)}. */
    protected final Rng rng = new Rng(0);

    private final String id;
    private final int frameSkip;
    private final Box observationSpace;
    private final Box actionSpace;
    private final double[] initQpos;
    private final double[] resetQpos;
    private final double[] resetQvel;
    private final ContactForcePass contactForcePass;
    private boolean closed;

    /**
     * Whether mjData.cfrc_ext is filled. MuJoCo 1.5, which gym v3 ran on, computed it in every forward pass;
     * since MuJoCo 2.0 only {@code mj_rnePostConstraint} does, so environments that read it ask for that call
     * after every step and every state change.
     */
    protected enum ContactForcePass {
        /** cfrc_ext is not read; skip the extra pass. */
        SKIP,
        /** Run {@code mj_rnePostConstraint} after the frames of a step and after each {@code mj_forward}. */
        COMPUTE
    }

    /**
     * @param id the registered id, e.g. {@code HalfCheetah-v3}
     * @param modelFile the gym MJCF file name, e.g. {@code half_cheetah.xml}
     * @param frameSkip MuJoCo steps per environment step
     * @param observationSize length of the observation vector
     */
    protected MujocoEnv(String id, String modelFile, int frameSkip, int observationSize) {
        this(id, modelFile, frameSkip, observationSize, ContactForcePass.SKIP);
    }

    /** As {@link #MujocoEnv(String, String, int, int)}, choosing whether contact forces are computed. */
    protected MujocoEnv(String id, String modelFile, int frameSkip, int observationSize, ContactForcePass contactForcePass) {
        this.id = id;
        this.frameSkip = frameSkip;
        this.contactForcePass = contactForcePass;
        this.sim = MjSim.loadGymModel(modelFile);
        this.dt = sim.timestep * frameSkip;
        double[] inf = new double[observationSize];
        Arrays.fill(inf, Double.POSITIVE_INFINITY);
        double[] negInf = new double[observationSize];
        Arrays.fill(negInf, Double.NEGATIVE_INFINITY);
        this.observationSpace = new Box(negInf, inf, false);
        double[] low = new double[sim.nu];
        double[] high = new double[sim.nu];
        for (int i = 0; i < sim.nu; i++) {
            // gym builds the action space from ctrlrange cast to float32
            low[i] = (float) sim.ctrlRange.get(2 * i);
            high[i] = (float) sim.ctrlRange.get(2 * i + 1);
        }
        this.actionSpace = new Box(low, high, true);
        this.initQpos = new double[sim.nq];
        sim.qpos0.get(0, initQpos);
        this.resetQpos = new double[sim.nq];
        this.resetQvel = new double[sim.nv];
    }

    /**
     * Records what the reward needs from the state before the action is simulated (e.g. the x position).
     * The default records nothing.
     */
    protected void beforeSimulation() {
    }

    /**
     * Writes reward, terminated flag, observation and info of the step just simulated into {@code out}
     * (already cleared).
     *
     * @param action the action as the caller gave it, unclipped
     */
    protected abstract void afterSimulation(double[] action, Transition out);

    /** Writes the observation of the current state into {@code observation}. */
    protected abstract void observe(double[] observation);

    /**
     * Perturbs the initial state in place: on entry {@code qpos} holds the model's default pose (qpos0) and
     * {@code qvel} zeros, gym's {@code init_qpos} and {@code init_qvel}. Draw from {@link #rng} only.
     */
    protected abstract void resetNoise(double[] qpos, double[] qvel);

    @Override
    public final void reset(long seed, Transition out) {
        rng.reseed(seed);
        reset(out);
    }

    @Override
    public final void reset(Transition out) {
        checkOpen();
        try {
            sim.reset();
            System.arraycopy(initQpos, 0, resetQpos, 0, initQpos.length);
            Arrays.fill(resetQvel, 0.0);
            resetNoise(resetQpos, resetQvel);
            writeState(resetQpos, resetQvel);
            out.clear();
            observe(out.observation);
        } finally {
            // sim frees its native memory once unreachable: keep it alive while its buffers are in use
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public final void step(double[] action, Transition out) {
        checkOpen();
        if (action.length != sim.nu) {
            throw new IllegalArgumentException(id + " expects an action of length " + sim.nu + ", got "
                    + action.length);
        }
        try {
            beforeSimulation();
            sim.step(action, frameSkip);
            if (contactForcePass == ContactForcePass.COMPUTE) {
                sim.rnePostConstraint();
            }
            out.clear();
            afterSimulation(action, out);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Sum of squares of {@code v}, the gym control-cost kernel. */
    protected static double sumOfSquares(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    /** Adds U(-scale, scale) to each element, in index order. */
    protected final void addUniformNoise(double[] v, double scale) {
        for (int i = 0; i < v.length; i++) {
            v[i] += rng.uniform(-scale, scale);
        }
    }

    /** Adds scale * N(0, 1) to each element, in index order. */
    protected final void addGaussianNoise(double[] v, double scale) {
        for (int i = 0; i < v.length; i++) {
            v[i] += scale * rng.nextGaussian();
        }
    }

    /** {@code v} clipped to [-limit, limit], as numpy's clip. */
    protected static double clip(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Copies {@code qpos[from..]} then all of {@code qvel} into {@code out} from {@code offset}; returns the next index. */
    protected final int putPositionsAndVelocities(double[] out, int offset, int from) {
        int n = sim.nq - from;
        sim.qpos.get(from, out, offset, n);
        sim.qvel.get(0, out, offset + n, sim.nv);
        return offset + n + sim.nv;
    }

    @Override
    public double[] getState() {
        checkOpen();
        double[] state = new double[sim.nq + sim.nv];
        sim.qpos.get(0, state, 0, sim.nq);
        sim.qvel.get(0, state, sim.nq, sim.nv);
        Reference.reachabilityFence(this);
        return state;
    }

    /** Sets qpos and qvel from {@code state} (as {@link #getState()} returns it) and runs a forward pass. */
    @Override
    public void setState(double[] state) {
        checkOpen();
        if (state.length != sim.nq + sim.nv) {
            throw new IllegalArgumentException(id + " state has nq + nv = " + sim.nq + " + " + sim.nv + " = "
                    + (sim.nq + sim.nv) + " values, got " + state.length);
        }
        writeState(Arrays.copyOfRange(state, 0, sim.nq), Arrays.copyOfRange(state, sim.nq, state.length));
        Reference.reachabilityFence(this);
    }

    /** As gym's {@code set_state}: positions and velocities, keeping time, then {@code mj_forward}. */
    private void writeState(double[] qpos, double[] qvel) {
        sim.qpos.put(0, qpos);
        sim.qvel.put(0, qvel);
        sim.forward();
        if (contactForcePass == ContactForcePass.COMPUTE) {
            sim.rnePostConstraint();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(id + " is closed; its MuJoCo model and data were freed");
        }
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Box actionSpace() {
        return actionSpace;
    }

    @Override
    public String id() {
        return id;
    }

    /** MuJoCo steps per environment step. */
    public int frameSkip() {
        return frameSkip;
    }

    /** Seconds of simulated time per environment step. */
    public double dt() {
        return dt;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sim.close();
        }
    }
}
