package org.odetoode.modules.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/**
 * The lane flow against each candidate's scalar flow, bit for bit: groups of random parameter vectors whose scales
 * differ by lane over six decades, so that the lanes of one group take different Padé degrees and numbers of
 * squarings, and the largest diverge (the unrestricted flow blows up, the restricted one overflows).
 */
class FlowLanesTest {

    @ParameterizedTest(name = "{0} d={1} w0={2}")
    @CsvSource({"odetoode, 16, haar", "odetoode, 16, learned", "odetoode-unrestricted, 16, haar", "odetoode, 5, haar",
        "odetoode-unrestricted, 9, learned"})
    void everyLaneMatchesItsScalarFlow(String policy, int d, String w0) {
        OdeNetwork net = (OdeNetwork) Policies.network(policy, 4, 2, Map.of("d", String.valueOf(d), "w0", w0));
        ParameterFlow scalar = net.flow();
        FlowLanes lanes = new FlowLanes(scalar);
        int off = net.parameterBlocks().stream().filter(b -> b.name().startsWith("flow.")).mapToInt(ParameterBlock::offset)
                .min().orElseThrow();
        int m = net.steps() - 1;
        double dt = net.horizon() / net.steps();
        int size = scalar.parameterCount();
        Random rng = new Random(d * 31L + policy.length());
        int l = lanes.lanes();
        int diverged = 0;
        int feasible = 0;
        for (int round = 0; round < 60; round++) {
            int count = 1 + rng.nextInt(l);
            double[][] p = new double[count][];
            double[][][] grids = new double[count][m + 1][d * d];
            // Mostly one scale (lanes share a degree), now and then anywhere from 1e-3 to 1e3 (they differ), or beyond
            // 1e100, where even the restricted flow overflows.
            double groupScale = Math.pow(10, -3 + 6 * rng.nextDouble());
            for (int k = 0; k < count; k++) {
                int pick = rng.nextInt(12);
                double scale = pick < 4 ? Math.pow(10, -3 + 6 * rng.nextDouble())
                        : pick == 4 ? Math.pow(10, 100 + 100 * rng.nextDouble()) : groupScale;
                p[k] = net.initialParameters();
                for (int i = 0; i < size; i++) {
                    p[k][off + i] = scale * rng.nextGaussian() / d;
                }
            }
            long failed = lanes.weights(p, count, off, dt, m, grids);
            for (int k = 0; k < count; k++) {
                double[][] expected = new double[m + 1][d * d];
                boolean throwsThere = false;
                try {
                    scalar.weights(p[k], off, dt, m, expected);
                } catch (ArithmeticException e) {
                    throwsThere = true;
                }
                int candidate = k;
                assertEquals(throwsThere, (failed >>> k & 1) != 0, () -> "divergence of candidate " + candidate);
                if (throwsThere) {
                    diverged++;
                    continue;
                }
                feasible++;
                for (int j = 0; j <= m; j++) {
                    int step = j;
                    assertArrayEquals(expected[j], grids[k][j], () -> "W at step " + step + " of candidate " + candidate);
                }
            }
        }
        assertTrue(feasible > 100, "feasible " + feasible);
        assertTrue(diverged > 10, "diverged " + diverged);
    }
}
