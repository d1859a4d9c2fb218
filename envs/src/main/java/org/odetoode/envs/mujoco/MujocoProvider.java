package org.odetoode.envs.mujoco;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.odetoode.envs.EnvProvider;
import org.odetoode.envs.EnvSpec;

/**
 * Registers the MuJoCo environments with gym 0.21's registration data ({@code gym/envs/__init__.py}):
 * maximum episode steps (the registry's TimeLimit; the environments never truncate) and reward thresholds.
 *
 * <p>Listing the specs loads nothing native; MuJoCo is loaded by the first environment built.
 */
public final class MujocoProvider implements EnvProvider {
    /**
     * Ant-v3's one keyword, spelled as Gymnasium v4's {@code use_contact_forces}. Default true: gym v3 always
     * observes contact forces (111 values); false gives v4's 27 observations without the contact cost.
     */
    public static final String USE_CONTACT_FORCES = "use-contact-forces";

    @Override
    public List<EnvSpec> specs() {
        return List.of(
                new EnvSpec("HalfCheetah-v3", (id, kw) -> new HalfCheetahV3(),
                        1000, OptionalDouble.of(4800.0), Map.of()),
                new EnvSpec("Hopper-v3", (id, kw) -> new HopperV3(), 1000, OptionalDouble.of(3800.0), Map.of()),
                new EnvSpec("Walker2d-v3", (id, kw) -> new Walker2dV3(), 1000, OptionalDouble.empty(), Map.of()),
                new EnvSpec("Ant-v3", (id, kw) -> new AntV3(kw.getBoolean(USE_CONTACT_FORCES)
                        ? AntV3.ContactForces.OBSERVED : AntV3.ContactForces.OMITTED),
                        1000, OptionalDouble.of(6000.0), Map.of(USE_CONTACT_FORCES, true)),
                new EnvSpec("Swimmer-v3", (id, kw) -> new SwimmerV3(), 1000, OptionalDouble.of(360.0), Map.of()),
                new EnvSpec("Humanoid-v3", (id, kw) -> new HumanoidV3(), 1000, OptionalDouble.empty(), Map.of()),
                new EnvSpec("Reacher-v2", (id, kw) -> new ReacherV2(), 50, OptionalDouble.of(-3.75), Map.of()),
                new EnvSpec("InvertedPendulum-v2", (id, kw) -> new InvertedPendulumV2(),
                        1000, OptionalDouble.of(950.0), Map.of()),
                new EnvSpec("InvertedDoublePendulum-v2", (id, kw) -> new InvertedDoublePendulumV2(),
                        1000, OptionalDouble.of(9100.0), Map.of()));
    }
}
