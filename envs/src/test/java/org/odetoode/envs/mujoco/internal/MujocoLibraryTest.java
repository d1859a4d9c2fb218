package org.odetoode.envs.mujoco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The build-time struct layout, the library check and its messages. */
class MujocoLibraryTest {

    @Test
    void layoutIsTheInstalledVersion() {
        Layout layout = MujocoLibrary.layout();
        assertEquals(222, layout.version);
        assertEquals("2.2.2", Layout.versionString(layout.version));
    }

    @Test
    void offsetsReadHalfCheetahSizes() {
        try (MjSim sim = MjSim.loadGymModel("half_cheetah.xml")) {
            assertEquals(9, sim.nq);
            assertEquals(9, sim.nv);
            assertEquals(6, sim.nu);
            assertEquals(8, sim.nbody);
            assertEquals(0.01, sim.timestep);
            // settotalmass="14" in the MJCF: the masses read through body_mass must sum to it
            double total = 0;
            for (int b = 0; b < sim.nbody; b++) {
                total += sim.bodyMass.get(b);
            }
            assertEquals(14.0, total, 1e-9);
            assertEquals(-1.0, sim.ctrlRange.get(0));
            assertEquals(1.0, sim.ctrlRange.get(1));
            assertEquals(0.0, sim.time());
        }
    }

    @Test
    void offsetsReadHumanoidAndAntSizes() {
        try (MjSim humanoid = MjSim.loadGymModel("humanoid.xml"); MjSim ant = MjSim.loadGymModel("ant.xml")) {
            assertEquals(24, humanoid.nq);
            assertEquals(23, humanoid.nv);
            assertEquals(17, humanoid.nu);
            assertEquals(14, humanoid.nbody);
            assertEquals(15, ant.nq);
            assertEquals(14, ant.nv);
            assertEquals(8, ant.nu);
            assertEquals(14, ant.nbody);
        }
    }

    @Test
    void steppingAdvancesTimeAndFreeJointBodyFollowsQpos() {
        try (MjSim sim = MjSim.loadGymModel("ant.xml")) {
            sim.forward();
            int torso = sim.bodyId("torso");
            for (int k = 0; k < 3; k++) {
                assertEquals(sim.qpos.get(k), sim.xpos.get(3 * torso + k), 1e-12);
            }
            sim.step(new double[8], 10);
            assertEquals(0.1, sim.time(), 1e-12);
        }
    }

    @Test
    void modelErrorsAreReported() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MjSim.loadXml("broken.xml", "<mujoco><worldbody><body>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("MuJoCo could not compile broken.xml: "), e.getMessage());
    }

    @Test
    void missingLibraryMessageNamesTheDebianPackage() {
        String message = MujocoLibrary.missingLibraryMessage("2.2.2", "libmujoco.so.2.2.2: cannot open shared object");
        assertTrue(message.contains("apt-get install libmujoco2.2.2"), message);
        assertTrue(message.contains("cannot open shared object"), message);
    }

    @Test
    void absentLibraryThrowsTheMessage() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.odetoode.envs.mujoco.MujocoUnavailableException.class,
                () -> MujocoLibrary.open("2.2.2", java.util.List.of("libmujoco-absent.so.9")));
        assertTrue(e.getMessage().startsWith("MuJoCo 2.2.2 native library (libmujoco.so.2.2.2) not found."
                + " Install the Debian package libmujoco2.2.2"), e.getMessage());
        assertTrue(e.getMessage().contains("libmujoco-absent.so.9"), e.getMessage());
    }

    @Test
    void versionMismatchMessageSaysBothVersions() {
        String message = MujocoLibrary.versionMismatchMessage(222, 231);
        assertTrue(message.contains("2.3.1") && message.contains("libmujoco2.2.2"), message);
    }

    @Test
    void unknownBodyIsExplained() {
        try (MjSim sim = MjSim.loadGymModel("reacher.xml")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> sim.bodyId("fingretip"));
            assertEquals("The model has no body named `fingretip`", e.getMessage());
        }
    }
}
