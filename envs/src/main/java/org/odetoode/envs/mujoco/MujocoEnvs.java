package org.odetoode.envs.mujoco;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The MuJoCo ids with gym 0.21's registration data ({@code gym/envs/__init__.py}): maximum episode steps
 * (applied by the registry's TimeLimit, not by the environments) and reward thresholds.
 */
public final class MujocoEnvs {

    /**
     * One registered id.
     *
     * @param id e.g. {@code HalfCheetah-v3}
     * @param maxEpisodeSteps the reference's TimeLimit
     * @param rewardThreshold the return at which gym counts the task solved, if it defines one
     * @param factory builds the bare environment (loads MuJoCo on first use)
     */
    public record Entry(String id, int maxEpisodeSteps, OptionalDouble rewardThreshold,
                        Supplier<MujocoEnv> factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("HalfCheetah-v3", 1000, OptionalDouble.of(4800.0), HalfCheetahV3::new),
            new Entry("Hopper-v3", 1000, OptionalDouble.of(3800.0), HopperV3::new),
            new Entry("Walker2d-v3", 1000, OptionalDouble.empty(), Walker2dV3::new),
            new Entry("Ant-v3", 1000, OptionalDouble.of(6000.0), AntV3::new),
            new Entry("Swimmer-v3", 1000, OptionalDouble.of(360.0), SwimmerV3::new),
            new Entry("Humanoid-v3", 1000, OptionalDouble.empty(), HumanoidV3::new),
            new Entry("Reacher-v2", 50, OptionalDouble.of(-3.75), ReacherV2::new),
            new Entry("InvertedPendulum-v2", 1000, OptionalDouble.of(950.0), InvertedPendulumV2::new),
            new Entry("InvertedDoublePendulum-v2", 1000, OptionalDouble.of(9100.0), InvertedDoublePendulumV2::new));

    /** Ant-v3's keyword, as Gymnasium v4 spells it, and its default (gym v3 always observes the forces). */
    public static final String USE_CONTACT_FORCES = "use-contact-forces";

    private MujocoEnvs() {
    }

    /** Every registered id with its data, in a fixed order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The registered ids. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Entry e : ENTRIES) {
            ids.add(e.id());
        }
        return ids;
    }

    /** The keywords {@code id} accepts with their defaults: only Ant-v3 has one. */
    public static Map<String, Object> keywords(String id) {
        return id.equals("Ant-v3") ? Map.of(USE_CONTACT_FORCES, true) : Map.of();
    }

    /**
     * A bare environment (no TimeLimit) with default keywords.
     *
     * @throws IllegalArgumentException for an id not in {@link #ids()}
     */
    public static MujocoEnv make(String id) {
        return entry(id).factory().get();
    }

    /**
     * A bare environment; {@code keywords} may override the entries of {@link #keywords(String)}.
     *
     * @throws IllegalArgumentException for an unknown id or keyword, or a keyword value of the wrong type
     */
    public static MujocoEnv make(String id, Map<String, Object> keywords) {
        Entry entry = entry(id);
        Map<String, Object> accepted = keywords(id);
        for (String key : keywords.keySet()) {
            if (!accepted.containsKey(key)) {
                throw new IllegalArgumentException(id + " has no keyword `" + key + "`; it accepts "
                        + (accepted.isEmpty() ? "none" : accepted.keySet().toString()));
            }
        }
        Object useContactForces = keywords.get(USE_CONTACT_FORCES);
        if (useContactForces == null) {
            return entry.factory().get();
        }
        if (!(useContactForces instanceof Boolean observe)) {
            throw new IllegalArgumentException(id + " keyword `" + USE_CONTACT_FORCES + "` must be true or false, got "
                    + useContactForces);
        }
        return new AntV3(observe ? AntV3.ContactForces.OBSERVED : AntV3.ContactForces.OMITTED);
    }

    private static Entry entry(String id) {
        for (Entry e : ENTRIES) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown MuJoCo env `" + id + "`; known ids: " + ids());
    }
}
