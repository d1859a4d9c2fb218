package org.odetoode.supervised.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.agents.MetricsSink;

class SupervisedTrainerTest {
    @TempDir
    Path tmp;

    /** Two classes of 4×4 images told apart by which half (top or bottom) is brighter, with noise. */
    static Examples halves(int n, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
            for (int j = 0; j < 16; j++) {
                boolean bright = (j < 8) == (y[i] == 0);
                x[i][j] = Math.min(1.0, Math.max(0.0, (bright ? 0.7 : 0.3) + 0.2 * rng.nextGaussian()));
            }
        }
        return new Examples(x, y);
    }

    /** The default embedding (a conv stem, here of 2 channels) and lr-schedule. */
    static SupervisedConfig config(int epochs, int threads) {
        return config(epochs, threads, "conv");
    }

    static SupervisedConfig config(int epochs, int threads, String embedding) {
        return SupervisedConfig.resolve(Map.of("policy", "odetoode", "policy-options.d", "4",
                "policy-options.steps", "3", "epochs", Integer.toString(epochs), "batch-size", "40",
                "learning-rate", "0.01", "threads", Integer.toString(threads), "seed", "7", "embedding", embedding,
                "conv-channels", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "conv"})
    void learnsASeparableProblem(String embedding) {
        Examples train = halves(400, 1);
        Examples test = halves(200, 2);
        SupervisedTrainer t = SupervisedTrainer.create(config(6, 1, embedding), tmp.resolve("run"), false, train,
                test);
        List<Map<String, Double>> rows = new ArrayList<>();
        SupervisedTrainer.Result r = t.run((step, m) -> rows.add(m));
        assertTrue(r.completed());
        assertEquals(6, rows.size());
        assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
        assertTrue(rows.get(5).get("train/loss") < rows.get(0).get("train/loss"));
        // the orthogonal flow stays on O(d); every block's gradient norm is logged
        assertTrue(rows.get(5).get("diagnostics/orthogonality_drift") < 1e-9);
        assertTrue(rows.get(0).get("gradients/norm/in.W") > 0.0);
        assertEquals(r.testAccuracy(), SupervisedTrainer.evaluate(tmp.resolve("run"), t.config(), List.of(test))[0],
                0.0);
        assertTrue(Files.isRegularFile(tmp.resolve("run/result.json")));
    }

    @Test
    void resumesBitIdenticallyAfterAStopMidEpoch() {
        Examples train = halves(200, 3);
        Examples test = halves(50, 4);
        SupervisedTrainer whole = SupervisedTrainer.create(config(3, 2), tmp.resolve("whole"), false, train, test);
        List<Map<String, Double>> wholeRows = new ArrayList<>();
        whole.run((step, m) -> wholeRows.add(m));

        SupervisedTrainer first = SupervisedTrainer.create(config(3, 2), tmp.resolve("split"), false, train, test);
        first.stopBefore(7); // epoch 2 (of 5 minibatches each), minibatch 3
        List<Map<String, Double>> splitRows = new ArrayList<>();
        assertFalse(first.run((step, m) -> splitRows.add(m)).completed());
        // resumed on one thread: the thread count is one of the keys a resume may change
        SupervisedTrainer rest = SupervisedTrainer.resume(tmp.resolve("split"), Map.of("threads", "1"), train, test);
        assertTrue(rest.run((step, m) -> splitRows.add(m)).completed());
        // resuming a finished run trains no more and reports the same figures
        SupervisedTrainer.Result again = SupervisedTrainer.resume(tmp.resolve("split"), Map.of(), train, test)
                .run(MetricsSink.NONE);
        assertEquals(wholeRows.get(2).get("test/accuracy"), again.testAccuracy(), 0.0);
        assertEquals(wholeRows.get(2).get("train/loss"), again.trainLoss(), 0.0);

        assertArrayEquals(whole.parameters(), rest.parameters(), 0.0);
        assertEquals(wholeRows.size(), splitRows.size());
        for (int i = 0; i < wholeRows.size(); i++) {
            for (String key : List.of("train/loss", "train/accuracy", "test/accuracy", "gradients/norm/out.W")) {
                assertEquals(wholeRows.get(i).get(key), splitRows.get(i).get(key), 0.0, key + " of epoch " + (i + 1));
            }
        }
    }

    @Test
    void refusesToOverwriteARunOrChangeItOnResume() {
        Examples data = halves(40, 5);
        SupervisedTrainer.create(config(1, 1), tmp.resolve("run"), false, data, data);
        assertThrows(IllegalArgumentException.class,
                () -> SupervisedTrainer.create(config(1, 1), tmp.resolve("run"), false, data, data));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupervisedTrainer.resume(tmp.resolve("run"), Map.of("learning-rate", "1"), data, data));
        assertTrue(e.getMessage().contains("learning-rate"), e.getMessage());
    }
}
