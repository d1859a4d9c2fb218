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
 * <p>Subclasses supply only their terms: {@link #remember} records what the next step's reward needs from
 * the state before it (an x position, a distance), {@link #afterSimulation} writes reward, termination,
 * observation and info, {@link #resetNoise} perturbs the initial state.
 *
 * <p>State ({@link #getState()}): {@code qpos} (nq), {@code qvel} (nv), {@code qacc_warmstart} (nv), then the
 * remembered values. gym's state is the first two. The warm start is where MuJoCo's constraint solver begins
 * at the next step; the remembered values matter because gym reads some of them from body positions that
 * mjData holds from the last integrator stage, which qpos does not determine. With both, the future after
 * {@link #setState} is bit-identical to the one the state was taken from. setState also takes the short
 * nq + nv form: the solver then starts cold, as after a reset, and the values are remembered afresh. Controls
 * are not state: each step overwrites them.
 */
public abstract class MujocoEnv implements Env {
    /** The simulation; subclasses read its data views. */
    protected final MjSim sim;
    /** Seconds per environment step: {@code opt.timestep * frameSkip}. */
    protected final double dt;
    /** The environment's own random stream, reseeded by {@link #reset(long, Transition)}. */
    protected final Rng rng = new Rng(0);
    /** What {@link #remember} recorded at the end of the last step, reset or state change. */
    protected final double[] remembered;

    private final String id;
    private final int frameSkip;
    private final Box observationSpace;
    private final Box actionSpace;
    private final double[] initQpos;
    private final double[] resetQpos;
    private final double[] resetQvel;
    private final ContactForcePass contactForcePass;
    private boolean ready;
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
     * @param rememberedSize how many values {@link #remember} records
     * @param contactForcePass whether cfrc_ext is computed
     */
    protected MujocoEnv(String id, String modelFile, int frameSkip, int observationSize, int rememberedSize,
            ContactForcePass contactForcePass) {
        this.id = id;
        this.remembered = new double[rememberedSize];
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
     * Records into {@code values} ({@link #remembered}) what the next step's reward needs from the state
     * before it, read from mjData as it is now. Called after every step, reset and state change.
     */
    protected abstract void remember(double[] values);

    /**
     * Writes reward, terminated flag, observation and info of the step just simulated into {@code out}
     * (already cleared); {@link #remembered} still holds the values from before the step.
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
            // as gym's set_state: positions and velocities (time stays 0), then a forward pass
            sim.qpos.put(0, resetQpos);
            sim.qvel.put(0, resetQvel);
            forward();
            remember(remembered);
            ready = true;
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
        if (!ready) {
            throw new IllegalStateException(id + ": step was called before reset; call reset(seed) or setState(...)"
                    + " first");
        }
        if (action.length != sim.nu) {
            throw new IllegalArgumentException(id + " expects an action of length " + sim.nu + ", got "
                    + action.length);
        }
        try {
            sim.step(action, frameSkip);
            if (contactForcePass == ContactForcePass.COMPUTE) {
                sim.rnePostConstraint();
            }
            out.clear();
            afterSimulation(action, out);
            remember(remembered);
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

    /** Copies {@code qpos[from..]}, then {@code qvel}, into {@code out} at {@code offset}; returns the end index. */
    protected final int putPositionsAndVelocities(double[] out, int offset, int from) {
        int n = sim.nq - from;
        sim.qpos.get(from, out, offset, n);
        sim.qvel.get(0, out, offset + n, sim.nv);
        return offset + n + sim.nv;
    }

    @Override
    public double[] getState() {
        checkOpen();
        int nq = sim.nq;
        int nv = sim.nv;
        double[] state = new double[nq + 2 * nv + remembered.length];
        sim.qpos.get(0, state, 0, nq);
        sim.qvel.get(0, state, nq, nv);
        sim.qaccWarmstart.get(0, state, nq + nv, nv);
        System.arraycopy(remembered, 0, state, nq + 2 * nv, remembered.length);
        Reference.reachabilityFence(this);
        return state;
    }

    /**
     * Sets qpos, qvel and, in the full form, qacc_warmstart and the remembered values from {@code state}, and
     * runs a forward pass, as gym's {@code set_state}. Simulation time is kept. qpos stays exactly as given
     * (MuJoCo normalises quaternions at the next step), so {@link #getState()} returns {@code state} again.
     *
     * @param state as {@link #getState()} returns it, or its first nq + nv values (qpos, qvel)
     */
    @Override
    public void setState(double[] state) {
        checkOpen();
        int nq = sim.nq;
        int nv = sim.nv;
        int full = nq + 2 * nv + remembered.length;
        if (state.length != full && state.length != nq + nv) {
            throw new IllegalArgumentException(id + ": the state is qpos, qvel, qacc_warmstart and " + remembered.length
                    + " remembered values (" + full + " in all), or qpos and qvel alone (" + (nq + nv) + "); got "
                    + state.length + " values");
        }
        boolean complete = state.length == full;
        for (int i = 0; i < nv; i++) {
            sim.qaccWarmstart.put(i, complete ? state[nq + nv + i] : 0.0);
        }
        sim.qpos.put(0, state, 0, nq);
        sim.qvel.put(0, state, nq, nv);
        forward();
        // mj_forward normalises quaternions in qpos and leaves its own solution in qacc_warmstart: put back what
        // was given, so that the next step starts exactly where the state was taken.
        sim.qpos.put(0, state, 0, nq);
        if (complete) {
            sim.qaccWarmstart.put(0, state, nq + nv, nv);
            System.arraycopy(state, nq + 2 * nv, remembered, 0, remembered.length);
        } else {
            remember(remembered);
        }
        ready = true;
        Reference.reachabilityFence(this);
    }

    /** {@code mj_forward}, plus the contact-force pass where the environment reads cfrc_ext. */
    private void forward() {
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
    public String toString() {
        return id;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sim.close();
        }
    }
}
