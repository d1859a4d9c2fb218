package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvsCommandTest {
    private static final String GOLDEN = "classic_control.jsonl";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code envs ARGS} with the top-level CLI's exit-code handling. */
    private int run(String... args) {
        CommandLine top = OdeToOdeCli.commandLine();
        CommandLine cli = new CommandLine(new EnvsCommand());
        cli.setExitCodeExceptionMapper(top.getExitCodeExceptionMapper());
        cli.setParameterExceptionHandler(top.getParameterExceptionHandler());
        cli.setExecutionExceptionHandler(top.getExecutionExceptionHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonNode lastLineJson() throws IOException {
        List<String> lines = out.toString().lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    /** The reference file: shared/golden beside the checkout, else the copy bundled with the envs tests. */
    private static Path golden() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/golden/" + GOLDEN),
                    dir.resolve("envs/src/test/resources/golden/" + GOLDEN))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no " + GOLDEN + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void listPrintsEveryIdWithItsSpaces() throws IOException {
        assertEquals(0, run("list"));
        assertTrue(out.toString().contains("CartPole-v1"), out.toString());
        assertTrue(out.toString().contains("action Discrete(2)"), out.toString());
        // Compact: a bound the same in every dimension prints once (Humanoid's 376 were 376 × -Infinity).
        assertTrue(out.toString().lines().allMatch(l -> l.length() < 200 && !l.contains("Infinity")), out.toString());
        assertEquals(0, run("list", "--json"));
        JsonNode envs = lastLineJson().get("envs");
        java.util.List<String> ids = new java.util.ArrayList<>();
        envs.forEach(e -> ids.add(e.get("id").asText()));
        assertTrue(ids.containsAll(java.util.List.of("CartPole-v0", "CartPole-v1", "Pendulum-v1", "Acrobot-v1",
                "MountainCar-v0", "MountainCarContinuous-v0", "HalfCheetah-v3", "Humanoid-v3")), ids.toString());
        assertEquals(ids.stream().sorted().toList(), ids, "ids are listed in sorted order");
    }

    @Test
    void verifyPassesOnTheReferenceFile() throws IOException {
        assertEquals(0, run("verify", "--golden", golden().toString(), "--json"), err.toString());
        JsonNode result = lastLineJson();
        assertTrue(result.get("match").asBoolean());
        assertEquals(5, result.get("envs").size());
        for (JsonNode env : result.get("envs")) {
            assertEquals(4, env.get("episodes").asInt());
            assertEquals(0, env.get("flag_mismatches").asInt());
        }
    }

    @Test
    void verifyFailsWithExitOneOnAMismatch(@TempDir Path dir) throws IOException {
        String first = Files.readAllLines(golden()).get(1); // CartPole-v1, terminates at step 19
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, first.replace("\"terminated\": [false", "\"terminated\": [true"));
        assertEquals(1, run("verify", "--golden", file.toString()));
        assertTrue(out.toString().contains("MISMATCH"), out.toString());
    }

    @Test
    void badInputExitsTwoWithOneLine(@TempDir Path dir) throws IOException {
        Path malformed = dir.resolve("malformed.jsonl");
        Files.writeString(malformed, "{\"env\": \"CartPole-v1\"}\n");
        assertEquals(2, run("verify", "--golden", malformed.toString()));
        assertTrue(err.toString().contains("line 1: missing field `initial_state`"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());

        assertEquals(2, run("verify", "--golden", dir.resolve("absent.jsonl").toString()));
        assertEquals(2, run("bench", "--env", "CartPol-v1"));
        assertTrue(err.toString().contains("Did you mean `CartPole-v1`?"), err.toString());
        assertEquals(2, run("bench", "--env", "CartPole-v1", "--seconds", "0"));
        assertEquals(2, run());
    }

    @Test
    void benchReportsStepsPerSecond() throws IOException {
        assertEquals(0, run("bench", "--env", "CartPole-v1", "--seconds", "0.2", "--warmup", "0.05", "--json"));
        JsonNode result = lastLineJson();
        assertEquals("CartPole-v1", result.get("env").asText());
        assertTrue(result.get("steps_per_second").asDouble() > 0);
        assertTrue(result.has("steps_per_cpu_second"));
        assertTrue(result.get("episodes").asLong() > 0, "random actions end CartPole episodes quickly");
    }
}
