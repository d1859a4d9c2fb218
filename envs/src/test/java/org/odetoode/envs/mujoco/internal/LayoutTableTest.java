package org.odetoode.envs.mujoco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.mujoco.MujocoRequired;

/**
 * The checked-in layout table is what {@code mujoco_layout.c} prints for the installed MuJoCo headers. Needs a C
 * compiler and libmujoco-dev; skipped without them (failing when {@value MujocoRequired#REQUIRE_VARIABLE}=1).
 */
class LayoutTableTest {
    private static final Path CHECKED_IN =
            Path.of("src/main/resources/org/odetoode/envs/mujoco/internal/" + Layout.RESOURCE);

    @Test
    void checkedInTableEqualsTheProgramsOutput() throws IOException, InterruptedException {
        Path work = Path.of("target/mujoco-layout-check");
        Path generated = work.resolve(Layout.RESOURCE);
        Files.deleteIfExists(generated);
        Process script = new ProcessBuilder("sh", "src/main/c/mujoco-layout.sh", "src/main/c/mujoco_layout.c",
                work.toString(), generated.toString()).redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        script.waitFor(60, TimeUnit.SECONDS);
        // mujoco-layout.sh exits 3 when no C compiler or no MuJoCo headers can build the program.
        if (script.exitValue() == 3) {
            throw MujocoRequired.skipOrFail("cannot check the layout table, mujoco_layout.c does not build here ("
                    + output.lines().findFirst().orElse("") + "); install gcc and libmujoco-dev");
        }
        assertEquals(0, script.exitValue(), output);
        assertEquals(Files.readString(CHECKED_IN), Files.readString(generated),
                "the checked-in " + CHECKED_IN + " is stale: ./mvnw -B -pl envs -Pmujoco-layout generate-resources");
    }
}
