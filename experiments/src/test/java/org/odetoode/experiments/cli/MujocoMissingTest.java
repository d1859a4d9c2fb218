package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MuJoCo env where MuJoCo cannot load (hidden with ODETOODE_MUJOCO_LIBRARY): bad input, one line, no run dir. */
class MujocoMissingTest {

    @Test
    void trainRefusesWithOneLineSayingWhatToInstall(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = tmp.resolve("run");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OdeToOdeCli.class.getName(), "train", "--env", "HalfCheetah-v3", "--iterations", "1",
                "--track", "disabled", "--run-dir", dir.toString());
        pb.environment().put("ODETOODE_MUJOCO_LIBRARY", tmp.resolve("absent/libmujoco.so.2.2.2").toString());
        pb.environment().remove("ODETOODE_DEBUG");
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process child = pb.start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "train did not exit within 60 s");
        } finally {
            child.destroyForcibly();
        }
        List<String> err = Files.readAllLines(tmp.resolve("err"));
        assertEquals(2, child.exitValue(), String.join("\n", err));
        assertEquals(1, err.size(), String.join("\n", err));
        assertTrue(err.get(0).startsWith("odetoode train: MuJoCo 2.2.2 is not installed"), err.get(0));
        assertTrue(err.get(0).contains("apt-get install libmujoco2.2.2"), err.get(0));
        assertEquals("", Files.readString(tmp.resolve("out")));
        assertFalse(Files.exists(dir), "bad input must not leave a run directory");
    }
}
