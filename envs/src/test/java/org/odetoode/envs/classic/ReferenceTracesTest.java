package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Transition;

/**
 * The single-step traces of shared/research/environments.md section 3.3 (Gymnasium HEAD, NumPy 2), started
 * from the reference's reset(seed=42) state; the Box actions there were float32, hence {@code action-dtype}.
 * Expected: bit for bit.
 */
class ReferenceTracesTest {

    private static Env start(String id, Map<String, ?> overrides, double... state) {
        Env env = Envs.make(id, overrides);
        env.reset(0);
        env.setState(state);
        return env;
    }

    @Test
    void cartPole() {
        Env env = start("CartPole-v1", Map.of(), 0.027395604855596334, -0.006112156024794771, 0.03585979199113824,
                0.019736802905936393);
        for (int a : new int[] {1, 1, 0, 1, 0}) {
            assertEquals(1.0, env.step(new double[] {a}).reward);
        }
        assertArrayEquals(new double[] {0.05010154727680338, 0.18701301345509533, 0.004845872021014113,
                -0.22891911984318192}, env.getState(), 0.0);
    }

    @Test
    void pendulumWithFloat32Actions() {
        Env env = start("Pendulum-v1", Map.of("action-dtype", "float32"), 1.721316619099806, -0.12224312049589536);
        double[] actions = {1.5, -2.0, 0.3f, 2.0, -0.7f};
        double[][] states = {
            {1.763530457797398, 0.8442767739518423},
            {1.8275499540073765, 1.2803899241995675},
            {1.9300901801925014, 2.050804523702498},
            {2.0827358569115386, 3.052913534380747},
            {2.262823885077701, 3.601760563323244}};
        double[] rewards = {-2.9666752413760165, -3.1853200028725417, -3.503968670200182, -4.149828023309376,
            -5.270306754511367};
        for (int s = 0; s < actions.length; s++) {
            Transition t = env.step(new double[] {actions[s]});
            assertArrayEquals(states[s], env.getState(), 0.0, "state after step " + (s + 1));
            assertEquals(rewards[s], t.reward, 0.0, "reward of step " + (s + 1));
        }
    }

    @Test
    void mountainCarContinuousWithFloat32Actions() {
        Env env = start("MountainCarContinuous-v0", Map.of("action-dtype", "float32"), -0.44520879028880733, 0.0);
        double[] actions = {1.0, 0.5, -1.0, 1.0, 0.2f};
        double[][] states = {
            {-0.4442913234233856, 0.0009174793376587331},
            {-0.4432130455970764, 0.001078269211575389},
            {-0.4442318379878998, -0.0010187968146055937},
            {-0.4443402886390686, -0.00010844046482816339},
            {-0.44473758339881897, -0.0003972934791818261}};
        double[] rewards = {-0.1, -0.025, -0.1, -0.1, -0.004000000119209291};
        for (int s = 0; s < actions.length; s++) {
            Transition t = env.step(new double[] {actions[s]});
            assertArrayEquals(states[s], env.getState(), 0.0, "state after step " + (s + 1));
            assertEquals(rewards[s], t.reward, 0.0, "reward of step " + (s + 1));
        }
    }

    @Test
    void acrobot() {
        Env env = start("Acrobot-v1", Map.of(), 0.05479120835661888, -0.01222431194037199, 0.07171958684921265,
                0.039473604410886765);
        int[] actions = {2, 0, 1, 2, 2};
        double[][] states = {
            {0.04845445617775009, 0.036433067309838224, -0.1319823183538383, 0.43717728508877896},
            {0.03175525518170968, 0.0863991737128996, -0.0303472701539112, 0.05186467344205875},
            {0.023725523088299907, 0.09026697564071559, -0.04819977494445096, -0.015068184482470964},
            {-7.852965932635125e-07, 0.11418356597919, -0.1833004617551083, 0.24603143485666465},
            {-0.045948624368551655, 0.18289959745259915, -0.2645591383901143, 0.4218333844724269}};
        for (int s = 0; s < actions.length; s++) {
            assertEquals(-1.0, env.step(new double[] {actions[s]}).reward);
            assertArrayEquals(states[s], env.getState(), 0.0, "state after step " + (s + 1));
        }
    }
}
