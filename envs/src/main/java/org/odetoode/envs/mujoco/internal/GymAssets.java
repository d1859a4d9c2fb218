package org.odetoode.envs.mujoco.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads gym 0.21's MJCF files from the {@code org.bytedeco:gym} jar and makes the few textual repairs that
 * MuJoCo 2.2.2's stricter parser needs. mujoco-py 1.50 accepted these files as they are; each repair keeps
 * what MuJoCo 1.5 did with them:
 *
 * <ul>
 *   <li>{@code hopper.xml}, {@code walker2d.xml}: foot bodies have {@code pos="0.13/2 0 0.1"} and
 *       {@code "0.2/2 0 0.1"}, which 2.2.2 rejects. We write the quotient (0.065, 0.1). These models use
 *       global coordinates with inertia from geoms, so a body's own position moves no geom, joint or mass: the
 *       dynamics and every observed quantity are unchanged.</li>
 *   <li>{@code inverted_pendulum.xml}: the motor default has {@code ctrlrange} without {@code ctrllimited};
 *       2.2.2 demands one. MuJoCo 1.5's default was unlimited, so we write {@code ctrllimited="false"}: as in
 *       gym v2, actions outside [-3, 3] are not clamped. The action space still reads the range.</li>
 * </ul>
 *
 * A repair whose text is not found fails loudly, so a different jar cannot be patched silently.
 */
public final class GymAssets {
    /** Where the MJCF files lie in the {@code org.bytedeco:gym} jar. */
    public static final String ROOT = "/org/bytedeco/gym/python/gym/envs/mujoco/assets/";

    private record Repair(String from, String to) {
    }

    private static final Map<String, List<Repair>> REPAIRS = Map.of(
            "hopper.xml", List.of(new Repair("pos=\"0.13/2 0 0.1\"", "pos=\"0.065 0 0.1\"")),
            "walker2d.xml", List.of(new Repair("pos=\"0.2/2 0 0.1\"", "pos=\"0.1 0 0.1\"")),
            "inverted_pendulum.xml",
            List.of(new Repair("<motor ctrlrange=\"-3 3\"/>", "<motor ctrllimited=\"false\" ctrlrange=\"-3 3\"/>")));

    private GymAssets() {
    }

    /** The MJCF text of {@code fileName} (e.g. {@code hopper.xml}) with the repairs above applied. */
    public static byte[] read(String fileName) {
        String xml;
        try (InputStream in = GymAssets.class.getResourceAsStream(ROOT + fileName)) {
            if (in == null) {
                throw new IllegalStateException("Model " + ROOT + fileName + " is not on the classpath; the envs"
                        + " module needs the Maven artifact org.bytedeco:gym:0.21.0-1.5.7");
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + fileName, e);
        }
        for (Repair r : REPAIRS.getOrDefault(fileName, List.of())) {
            if (!xml.contains(r.from())) {
                throw new IllegalStateException(fileName + " does not contain `" + r.from() + "`, which the repair"
                        + " for MuJoCo 2.2.2 expects: the gym jar is not the 0.21.0-1.5.7 one");
            }
            xml = xml.replace(r.from(), r.to());
        }
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
