package org.odetoode.agents.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.modules.policy.Policy;

class RolloutExecutorTest {

    private static RolloutExecutor.Results run(int threads, double rewardShift) {
        Env probe = Envs.make("CartPole-v1");
        Policy policy = PolicyFactory.create("linear", Map.of(), HeadKind.AUTO, 0, probe);
        double[] theta = policy.network().parameters();
        try (RolloutExecutor ex = new RolloutExecutor(threads, () -> Envs.make("CartPole-v1"), policy)) {
            return ex.run(new RolloutExecutor.Batch() {
                @Override
                public int size() {
                    return 12;
                }

                @Override
                public void parameters(int i, double[] out) {
                    for (int j = 0; j < out.length; j++) {
                        out[j] = theta[j] + 0.3 * Math.sin(i * 7 + j);
                    }
                }

                @Override
                public long seed(int i) {
                    return 100 + i;
                }
            }, MeanStdFilter.empty(4), true, rewardShift);
        }
    }

    @Test
    void rewardShiftIsSubtractedOnEveryStep() {
        RolloutExecutor.Results r = run(1, 1.0);
        for (int i = 0; i < 12; i++) {
            // CartPole pays 1 per step, so shifting by 1 leaves 0 and the raw return is the length.
            assertEquals(r.lengths()[i], r.rawReturns()[i]);
            assertEquals(0.0, r.returns()[i]);
        }
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        RolloutExecutor.Results one = run(1, 0.0);
        RolloutExecutor.Results three = run(3, 0.0);
        assertArrayEquals(one.returns(), three.returns());
        assertArrayEquals(one.lengths(), three.lengths());
        MeanStdFilter a = MeanStdFilter.empty(4);
        MeanStdFilter b = MeanStdFilter.empty(4);
        for (int i = 0; i < 12; i++) {
            a = a.merge(one.observations()[i]);
            b = b.merge(three.observations()[i]);
        }
        assertEquals(a.count(), b.count());
        assertArrayEquals(a.mean(), b.mean(), 0.0);
        assertArrayEquals(a.m2(), b.m2(), 0.0);
    }
}
