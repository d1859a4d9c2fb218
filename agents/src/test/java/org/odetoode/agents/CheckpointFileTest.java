package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.agents.es.EsState;
import org.odetoode.agents.optim.OptimizerState;
import org.odetoode.agents.pg.EnvRunner;
import org.odetoode.agents.rollout.MeanStdFilter;

/** Both checkpoint kinds round-trip every double exactly, and a wrong, damaged or missing file is named. */
class CheckpointFileTest {
    @TempDir
    Path dir;

    /** Values a decimal text format would not keep: subnormals, −0, NaN, ±∞, the last bit of a fraction. */
    private static final double[] AWKWARD = {0.1 + 0.2, -0.0, Double.MIN_VALUE, Double.NaN,
        Double.NEGATIVE_INFINITY, Math.nextUp(1.0)};

    private static Checkpoint es() {
        return new Checkpoint(7, 1234, 56, 0.1 + 0.7, RunTotals.NONE,
                new EsState(AWKWARD.clone(), new OptimizerState(3, new double[][] {AWKWARD.clone(), {1.5}}), 7,
                        Math.PI, AWKWARD.clone()),
                new MeanStdFilter(9, new double[] {1.0 / 3}, new double[] {2.0 / 3}));
    }

    private static PgCheckpoint pg() {
        return new PgCheckpoint(2, 4096, 11, 1.25, new RunTotals(-3.5, 0.1 + 0.2, 2, 17, 3), AWKWARD.clone(), 4,
                new OptimizerState(2, new double[][] {AWKWARD.clone(), AWKWARD.clone()}),
                new MeanStdFilter(5, new double[] {0.5}, new double[] {0.25}),
                new MeanStdFilter(6, new double[] {Math.E}, new double[] {1e-300}),
                List.of(new EnvRunner.State(AWKWARD.clone(), new double[] {0.1, 0.2}, 17, 16.5, 0.3, 3)));
    }

    @Test
    void esCheckpointRoundTripsExactly() {
        Checkpoint c = es();
        c.write(dir);
        Checkpoint back = Checkpoint.read(dir);
        assertEquals(c.iteration(), back.iteration());
        assertEquals(c.envSteps(), back.envSteps());
        assertEquals(c.episodes(), back.episodes());
        assertEquals(c.wallSeconds(), back.wallSeconds());
        assertEquals(RunTotals.NONE, back.totals());
        assertArrayEquals(c.state().parameters(), back.state().parameters());
        assertEquals(c.state().optimizer().steps(), back.state().optimizer().steps());
        assertArrayEquals(c.state().optimizer().moments(), back.state().optimizer().moments());
        assertEquals(c.state().generation(), back.state().generation());
        assertEquals(c.state().bestFitness(), back.state().bestFitness());
        assertArrayEquals(c.state().bestParameters(), back.state().bestParameters());
        assertEquals(c.filter().count(), back.filter().count());
        assertArrayEquals(c.filter().mean(), back.filter().mean());
        assertArrayEquals(c.filter().m2(), back.filter().m2());
        assertEquals(-0.0, back.state().parameters()[1]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.state().parameters()[1]));
    }

    @Test
    void pgCheckpointRoundTripsExactly() {
        PgCheckpoint c = pg();
        c.write(dir);
        PgCheckpoint back = PgCheckpoint.read(dir);
        assertEquals(c.iteration(), back.iteration());
        assertEquals(c.envSteps(), back.envSteps());
        assertEquals(c.episodes(), back.episodes());
        assertEquals(c.wallSeconds(), back.wallSeconds());
        assertEquals(c.totals(), back.totals());
        assertArrayEquals(c.parameters(), back.parameters());
        assertEquals(c.policyParameterCount(), back.policyParameterCount());
        assertArrayEquals(c.optimizer().moments(), back.optimizer().moments());
        assertEquals(c.optimizer().steps(), back.optimizer().steps());
        assertArrayEquals(c.returnFilter().m2(), back.returnFilter().m2());
        assertArrayEquals(c.observationFilter().mean(), back.observationFilter().mean());
        EnvRunner.State s = c.envs().get(0);
        EnvRunner.State t = back.envs().get(0);
        assertArrayEquals(s.state(), t.state());
        assertArrayEquals(s.observation(), t.observation());
        assertEquals(s.length(), t.length());
        assertEquals(s.episodeReturn(), t.episodeReturn());
        assertEquals(s.discountedReturn(), t.discountedReturn());
        assertEquals(s.episode(), t.episode());
        assertEquals(Checkpoint.sha256(c.policyParameters()), Checkpoint.sha256(back.policyParameters()));
    }

    @Test
    void aCheckpointWrittenBeforeTheRunTotalsReadsThemAsUnknown() throws Exception {
        pg().write(dir);
        Path file = dir.resolve(Checkpoint.FILE);
        ObjectNode n = (ObjectNode) CheckpointFile.JSON.readTree(file.toFile());
        n.remove(List.of("best-eval-return", "best-eval-iteration", "infeasible-candidates", "restarts"));
        Files.write(file, CheckpointFile.JSON.writeValueAsBytes(n));
        assertEquals(new RunTotals(-3.5, Double.NaN, 0, 0, 0), PgCheckpoint.read(dir).totals());
    }

    @Test
    void eachKindRefusesTheOthersFile() {
        pg().write(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertEquals("Checkpoint " + dir.resolve(Checkpoint.FILE) + " is not a format-1 evolution-strategies "
                + "checkpoint (format 1, kind pg)", e.getMessage());
        es().write(dir);
        e = assertThrows(IllegalArgumentException.class, () -> PgCheckpoint.read(dir));
        assertEquals("Checkpoint " + dir.resolve(Checkpoint.FILE) + " is not a format-1 policy-gradient "
                + "checkpoint (format 1, kind es)", e.getMessage());
    }

    @Test
    void aDamagedOrMissingFileIsNamed() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertEquals("No checkpoint in " + dir + ": expected " + dir.resolve(Checkpoint.FILE), missing.getMessage());
        es().write(dir);
        Path file = dir.resolve(Checkpoint.FILE);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertTrue(cut.getMessage().startsWith("Checkpoint " + file + " is damaged: "), cut.getMessage());
        Files.writeString(file, text.replace("\"filter-m2\"", "\"filter-m3\""));
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertTrue(key.getMessage().startsWith("Checkpoint " + file + " is damaged: "), key.getMessage());
        assertTrue(Files.notExists(dir.resolve(Checkpoint.FILE + ".tmp")), "no temporary file left behind");
    }
}
