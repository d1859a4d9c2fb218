package org.odetoode.agents;

import java.util.Map;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policy;

/** Metric helpers shared by the trainers (the supervised one included). */
public final class Metrics {
    private Metrics() {
    }

    /**
     * For flows that should stay on O(d): puts {@code diagnostics/orthogonality_drift}, the largest ‖WᵀW − I‖_F over
     * the weight grid of the parameters loaded into {@code policy}.
     */
    static void orthogonalityDrift(Policy policy, Map<String, Double> m) {
        if (policy.network() instanceof OdeNetwork ode && ode.flow().staysOrthogonal()) {
            m.put("diagnostics/orthogonality_drift", orthogonalityDrift(ode));
        }
    }

    /** The largest ‖WᵀW − I‖_F over the weight grid of the parameters loaded into {@code ode}. */
    public static double orthogonalityDrift(OdeNetwork ode) {
        double drift = 0.0;
        for (int j = 0; j < ode.weightGridPoints(); j++) {
            drift = Math.max(drift, Matrices.orthogonalityDefect(ode.width(), ode.weights(j)));
        }
        return drift;
    }
}
