package org.odetoode.envs.classic;

import org.odetoode.envs.Rng;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Space;

/**
 * What the two mountain cars share: the track, the [position, velocity] state, its float32 observation and the
 * initial state (position uniform in [-0.6, -0.4), velocity 0).
 */
abstract class MountainCarBase extends ClassicEnv {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;

    final double goalVelocity;
    double position;
    double velocity;

    MountainCarBase(String id, Space actionSpace, double goalVelocity) {
        super(id, new Box(new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
                new double[] {(float) MAX_POSITION, (float) MAX_SPEED}, true),
                actionSpace, "position", "velocity");
        this.goalVelocity = goalVelocity;
    }

    @Override
    void sampleInitialState(Rng rng) {
        position = rng.uniform(-0.6, -0.4);
        velocity = 0.0;
    }

    @Override
    final void observe(double[] observation) {
        observation[0] = (float) position;
        observation[1] = (float) velocity;
    }

    @Override
    public final double[] getState() {
        return new double[] {position, velocity};
    }

    @Override
    void loadState(double[] state) {
        position = state[0];
        velocity = state[1];
    }
}
