package org.odetoode.envs.mujoco;

import java.util.Map;
import org.odetoode.envs.EnvSpec;
import org.odetoode.envs.Kwargs;

/** Builds bare MuJoCo environments through {@link MujocoProvider}'s specs, as the registry does. */
final class MujocoTestEnvs {
    private MujocoTestEnvs() {
    }

    static EnvSpec spec(String id) {
        return new MujocoProvider().specs().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("MujocoProvider does not register " + id));
    }

    static MujocoEnv make(String id) {
        return make(id, Map.of());
    }

    static MujocoEnv make(String id, Map<String, ?> overrides) {
        EnvSpec spec = spec(id);
        return (MujocoEnv) spec.factory().create(id, Kwargs.merge(id, spec.kwargs(), overrides));
    }
}
