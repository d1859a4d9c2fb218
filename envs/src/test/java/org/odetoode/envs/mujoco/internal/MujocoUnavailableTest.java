package org.odetoode.envs.mujoco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.mujoco.MujocoUnavailableException;

/** How MuJoCo is refused where it cannot run: one line that says what to install. Runs without MuJoCo. */
class MujocoUnavailableTest {

    @Test
    void absentLibraryIsRefusedWithOneLineNamingThePackage() {
        MujocoUnavailableException e = assertThrows(MujocoUnavailableException.class,
                () -> MujocoLibrary.open("2.2.2", List.of("/nonexistent/libmujoco.so.2.2.2")));
        assertEquals("MuJoCo 2.2.2 is not installed (could not load /nonexistent/libmujoco.so.2.2.2): install it"
                + " with apt-get install libmujoco2.2.2, or set ODETOODE_MUJOCO_LIBRARY to the path of its"
                + " libmujoco.so.2.2.2", e.getMessage());
        // The loader's own (multi-line) explanation is kept for ODETOODE_DEBUG=1.
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError, String.valueOf(e.getCause()));
    }

    @Test
    void theVariableReplacesTheSearchedNames() {
        assertEquals(List.of("libmujoco.so.2.2.2", "mujoco"), MujocoLibrary.libraryNames("2.2.2", null));
        assertEquals(List.of("libmujoco.so.2.2.2", "mujoco"), MujocoLibrary.libraryNames("2.2.2", " "));
        assertEquals(List.of("/opt/mujoco/libmujoco.so"),
                MujocoLibrary.libraryNames("2.2.2", "/opt/mujoco/libmujoco.so"));
    }

    @Test
    void versionMismatchMessageSaysBothVersions() {
        String message = MujocoLibrary.versionMismatchMessage(222, 231);
        assertTrue(message.contains("2.3.1") && message.contains("apt-get install libmujoco2.2.2"), message);
    }

    @Test
    void theCheckedInTableIsForMujoco222() {
        Layout layout = Layout.load();
        assertEquals(222, layout.version);
        assertEquals("2.2.2", Layout.versionString(layout.version));
    }

    @Test
    void aLibraryWithOtherStructSizesIsRefused() {
        Layout layout = Layout.load();
        MujocoLibrary.checkStructSizes(layout,
                new LibraryStructSizes(layout.sizeofVfs, layout.sizeofModel, layout.sizeofData), "libmujoco.so");
        MujocoUnavailableException e = assertThrows(MujocoUnavailableException.class,
                () -> MujocoLibrary.checkStructSizes(layout,
                        new LibraryStructSizes(layout.sizeofVfs, layout.sizeofModel, layout.sizeofData - 8), "/x.so"));
        assertEquals("The MuJoCo library /x.so is a build of 2.2.2 with other struct sizes than the layout table"
                + " (sizeof(mjData) 41168 instead of 41176); install Debian's build: apt-get install libmujoco2.2.2",
                e.getMessage());
    }
}
