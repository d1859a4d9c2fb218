package org.odetoode.envs.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenReplayTest {
    private static final String FILE = "classic_control.jsonl";
    private static final String CART_POLE_LINE = "{\"env\": \"CartPole-v1\", \"initial_state\": [0.01, 0.02, 0.03, 0.04],"
            + " \"actions\": [1, 0], \"obs\": [[0.0104, 0.2171, 0.0308, -0.2541], [0.0148, 0.0216, 0.0257, 0.0479]],"
            + " \"rewards\": [1.0, 1.0], \"terminated\": [false, false], \"truncated\": [false, false]}";

    /** shared/golden beside (or inside) the checkout, as CI lays it out; null when absent. */
    private static Path sharedGolden() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("golden").resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static byte[] bundledGolden() throws IOException {
        try (InputStream in = GoldenReplayTest.class.getResourceAsStream("/golden/" + FILE)) {
            assertTrue(in != null, "the bundled copy src/test/resources/golden/" + FILE + " is missing");
            return in.readAllBytes();
        }
    }

    private static GoldenReport replay(String text) throws IOException {
        return GoldenReplay.replay(new StringReader(text), "test.jsonl");
    }

    private static String messageOf(String text) {
        return assertThrows(GoldenFormatException.class, () -> replay(text)).getMessage();
    }

    @Test
    void everyReferenceEpisodeMatches() throws IOException {
        Path shared = sharedGolden();
        GoldenReport report = shared != null
                ? GoldenReplay.replay(shared)
                : replay(new String(bundledGolden(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"),
                report.results().stream().map(GoldenResult::envId).toList());
        for (GoldenResult r : report.results()) {
            assertEquals(4, r.episodes(), r.envId());
            assertTrue(r.maxObservationError() <= 1e-5, r.toString());
            assertTrue(r.maxRewardError() <= 1e-6, r.toString());
            assertEquals(0, r.flagMismatches(), r.toString());
            assertTrue(r.matches());
        }
        assertTrue(report.matches());
    }

    @Test
    void bundledCopyEqualsShared() throws IOException {
        Path shared = sharedGolden();
        assumeTrue(shared != null, "shared/golden is not beside this checkout");
        assertArrayEquals(Files.readAllBytes(shared), bundledGolden(), "refresh envs/src/test/resources/golden/" + FILE);
    }

    @Test
    void differencesAreMeasuredNotHidden() throws IOException {
        String wrongReward = CART_POLE_LINE.replace("\"rewards\": [1.0, 1.0]", "\"rewards\": [1.0, 0.5]")
                .replace("\"terminated\": [false, false]", "\"terminated\": [false, true]");
        GoldenResult r = replay(wrongReward).result("CartPole-v1");
        assertEquals(0.5, r.maxRewardError());
        assertEquals(1, r.flagMismatches());
        assertTrue(r.maxObservationError() > 1e-5, "the hand-written observations are rounded");
        assertFalse(r.matches());
        assertEquals(2, r.steps());
    }

    @Test
    void malformedLinesNameTheLineAndTheProblem() {
        assertTrue(messageOf(CART_POLE_LINE + "\nxyz\n").startsWith("test.jsonl line 2: not valid JSON ("));
        assertEquals("test.jsonl line 1: missing field `rewards`",
                messageOf(CART_POLE_LINE.replace("\"rewards\"", "\"reward\"")));
        assertEquals("test.jsonl line 1: `obs` has 1 entries but `actions` has 2",
                messageOf(CART_POLE_LINE.replace("[[0.0104, 0.2171, 0.0308, -0.2541], ", "[")));
        assertEquals("test.jsonl line 1: `obs[1]` must be a list of 4 numbers, got [0.0148,0.0216,0.0257]",
                messageOf(CART_POLE_LINE.replace(", 0.0479]", "]")));
        assertEquals("test.jsonl line 1: `terminated[0]` must be true or false, got 0",
                messageOf(CART_POLE_LINE.replace("\"terminated\": [false", "\"terminated\": [0")));
        assertEquals("test.jsonl line 1: `initial_state` must be a list of 4 numbers, got [0.01,0.02,0.03]",
                messageOf(CART_POLE_LINE.replace(", 0.04]", "]")));
        assertTrue(messageOf("\n\n" + CART_POLE_LINE.replace("CartPole-v1", "CartPol-v1"))
                .startsWith("test.jsonl line 3: Unknown env `CartPol-v1`. Did you mean `CartPole-v1`?"));
        assertTrue(messageOf(CART_POLE_LINE.replace("[1, 0]", "[1, 2]"))
                .startsWith("test.jsonl line 1: step 1: CartPole-v1: action [2.0] is not in the action space Discrete(2)"));
        assertEquals("test.jsonl line 1: expected a JSON object, got array", messageOf("[1, 2]"));
    }

    @Test
    void blankLinesAreSkipped() throws IOException {
        assertEquals(1, replay("\n" + CART_POLE_LINE + "\n\n").result("CartPole-v1").episodes());
        assertTrue(replay("").results().isEmpty());
    }
}
