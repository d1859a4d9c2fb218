package org.odetoode.envs.mujoco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.odetoode.envs.mujoco.MujocoRequired;

/** The checked-in struct layout read through the loaded library; needs MuJoCo (see {@link MujocoRequired}). */
@ExtendWith(MujocoRequired.class)
class MujocoLibraryTest {

    @Test
    void layoutIsTheInstalledVersion() {
        Layout layout = MujocoLibrary.layout();
        assertEquals(222, layout.version);
        assertEquals("2.2.2", Layout.versionString(layout.version));
    }

    @Test
    void theLibraryHasTheTablesStructSizes() {
        Layout layout = MujocoLibrary.layout();
        LibraryStructSizes sizes = LibraryStructSizes.measure(layout, NativeLibrary.getInstance("libmujoco.so.2.2.2"));
        // The table's sizeof from the headers (LayoutTableTest), here measured through the library's own code.
        assertEquals(new LibraryStructSizes(layout.sizeofVfs, layout.sizeofModel, layout.sizeofData), sizes);
        assertEquals(new LibraryStructSizes(2024008, 3280, 41176), sizes);
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
    void unknownBodyIsExplained() {
        try (MjSim sim = MjSim.loadGymModel("reacher.xml")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> sim.bodyId("fingretip"));
            assertEquals("The model has no body named `fingretip`", e.getMessage());
        }
    }
}
