package org.odetoode.envs.mujoco;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.odetoode.envs.mujoco.internal.MujocoLibrary;
import org.opentest4j.TestAbortedException;

/**
 * {@code @ExtendWith(MujocoRequired.class)}: the tests run only where MuJoCo loads. Elsewhere each is skipped (a
 * JUnit assumption) with the reason and what to install, or fails when {@value #REQUIRE_VARIABLE}=1, which
 * {@code .ci/run} sets so that CI cannot pass without running them.
 */
public final class MujocoRequired implements BeforeEachCallback {
    /** Environment variable: 1 turns every skipped MuJoCo test into a failure. */
    public static final String REQUIRE_VARIABLE = "ODETOODE_REQUIRE_MUJOCO";

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeEach(ExtensionContext context) {
        try {
            MujocoLibrary.layout();
        } catch (MujocoUnavailableException e) {
            throw skipOrFail(e.getMessage());
        }
    }

    /**
     * Skips the running test for {@code reason}, or fails it when {@value #REQUIRE_VARIABLE}=1. Always throws; the
     * return type lets callers write {@code throw skipOrFail(...)}.
     */
    public static RuntimeException skipOrFail(String reason) {
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            Assertions.fail(REQUIRE_VARIABLE + "=1 but this MuJoCo test cannot run: " + reason);
        }
        String message = "MuJoCo tests skipped: " + reason + " (" + REQUIRE_VARIABLE + "=1 makes this a failure)";
        // Surefire counts skipped tests without their reason; say it once on the console.
        if (REPORTED.add(message)) {
            System.err.println(message);
        }
        throw new TestAbortedException(message);
    }
}
