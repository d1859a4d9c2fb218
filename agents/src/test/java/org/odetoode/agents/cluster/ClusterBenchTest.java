package org.odetoode.agents.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.CandidateBatch;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.RolloutExecutor;
import com.hazelcast.core.HazelcastInstance;

/**
 * Per-iteration time in process and with 1, 2 and 3 workers on loopback, all in this JVM on the same cores (so the
 * difference is the cluster's overhead, not a speed-up), the serial part of an iteration (ask, tell, filter merge:
 * the iteration minus its candidate evaluation) and the message sizes: {@code mvn -pl agents -am verify -Pbench
 * -Dtest=ClusterBenchTest}.
 */
@Tag("bench")
class ClusterBenchTest {
    private static final int PORT = 5871;
    private static final int ITERATIONS = 24;
    private static final int WARM_UP = 6;

    @TempDir
    Path tmp;

    private static TrainConfig config(int threads) {
        Map<String, String> o = new HashMap<>();
        o.put("env", "Pendulum-v1"); // every episode 200 steps: the same work in every iteration
        o.put("seed", "1");
        o.put("threads", Integer.toString(threads));
        o.put("iterations", Integer.toString(ITERATIONS));
        o.put("population-size", "64");
        o.put("eval-every", "0");
        o.put("final-eval-episodes", "1");
        o.put("observation-filter", "mean-std");
        return TrainConfig.resolve(Map.of(), o);
    }

    /** Median seconds of an iteration and of its candidate evaluation, after the warm-up iterations. */
    private double[] time(String name, TrainConfig c, CandidateEvaluator.Factory evaluators) {
        List<Double> evaluate = new ArrayList<>();
        List<Double> iteration = new ArrayList<>();
        long[] last = {System.nanoTime()};
        Trainer t = Trainer.create(c, tmp.resolve(name), false);
        t.distribute((config, local) -> {
            CandidateEvaluator inner = evaluators.open(config, local);
            return new CandidateEvaluator() {
                @Override
                public RolloutExecutor.Results evaluate(CandidateBatch b, MeanStdFilter f, boolean r, double s) {
                    long t0 = System.nanoTime();
                    RolloutExecutor.Results out = inner.evaluate(b, f, r, s);
                    evaluate.add((System.nanoTime() - t0) * 1e-9);
                    return out;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        });
        t.run((step, m) -> {
            long now = System.nanoTime();
            iteration.add((now - last[0]) * 1e-9);
            last[0] = now;
        });
        double it = median(iteration.subList(WARM_UP, iteration.size()));
        double ev = median(evaluate.subList(WARM_UP, evaluate.size()));
        System.out.printf("%-28s iteration %7.1f ms  evaluation %7.1f ms  serial %5.2f ms%n", name, it * 1e3,
                ev * 1e3, (it - ev) * 1e3);
        return new double[] {it, ev};
    }

    private static double median(List<Double> x) {
        double[] a = x.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[a.length / 2];
    }

    private static int serializedBytes(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }

    @Test
    void overheadPerIterationOnLoopback() throws IOException {
        time("warm-up (JIT), discarded", config(2), CandidateEvaluator::local);
        // the same total threads on both sides: k workers of 1 thread and the coordinator's 1, or k + 1 in process
        List<HazelcastInstance> workers = new ArrayList<>();
        try {
            for (int k = 1; k <= 3; k++) {
                workers.add(Cluster.startWorker("127.0.0.1", PORT + k - 1, k == 1 ? List.of()
                        : List.of("127.0.0.1:" + PORT), 1));
                double[] in = time("in process, " + (k + 1) + " threads", config(k + 1), CandidateEvaluator::local);
                try (Cluster cluster = Cluster.joinAsCoordinator(List.of("127.0.0.1:" + PORT))) {
                    double[] c = time(k + " worker(s) + coordinator", config(1), cluster);
                    System.out.printf("  overhead per iteration: %+.1f ms%n", (c[0] - in[0]) * 1e3);
                }
            }
        } finally {
            workers.forEach(HazelcastInstance::shutdown);
        }
        // the messages of one task: a few pairs of a 64-candidate population of the default policy
        TrainConfig c = config(1);
        int parameters = Trainer.rolloutPolicy(c, Trainer.makeEnv(c)).network().parameterCount();
        int pairs = 4;
        int[] offsets = new int[pairs];
        long[] seeds = new long[pairs];
        CandidateBatch slice = new CandidateBatch(new double[parameters], 0.02, offsets, null, seeds);
        MeanStdFilter filter = MeanStdFilter.empty(3);
        int task = serializedBytes(new EvaluatePairs(c.toYaml(), slice, filter, true, 0.0));
        int config = serializedBytes(c.toYaml());
        RolloutExecutor.Results r = new RolloutExecutor.Results(new double[2 * pairs], new double[2 * pairs],
                new int[2 * pairs], new org.odetoode.envs.wrappers.RunningMeanStd[2 * pairs], new boolean[2 * pairs]);
        Arrays.setAll(r.observations(), i -> new org.odetoode.envs.wrappers.RunningMeanStd(3));
        int result = serializedBytes(PairResults.of(r));
        System.out.printf("%d parameters; a task of %d pairs: %d bytes (of which config %d, centre %d);"
                + " its result: %d bytes%n", parameters, pairs, task, config, 8 * parameters, result);
    }
}
