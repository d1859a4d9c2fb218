package org.odetoode.agents.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.agents.Trainer;

/** Three members in one JVM on 127.0.0.1: two workers (1 and 2 threads) and the coordinator. */
class ClusterTest {
    private static final int PORT = 5841;
    private static HazelcastInstance one;
    private static HazelcastInstance two;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startWorkers() {
        one = Cluster.startWorker("127.0.0.1", PORT, List.of(), 1);
        two = Cluster.startWorker("127.0.0.1", PORT + 1, List.of("127.0.0.1:" + PORT), 2);
    }

    @AfterAll
    static void stopWorkers() {
        two.shutdown();
        one.shutdown();
    }

    private static TrainConfig small(String agent) {
        Map<String, String> o = new HashMap<>();
        o.put("agent", agent);
        o.put("seed", "5");
        o.put("threads", "2");
        o.put("iterations", "4");
        o.put("population-size", "24");
        o.put("eval-every", "2");
        o.put("eval-episodes", "2");
        o.put("final-eval-episodes", "3");
        o.put("observation-filter", "mean-std");
        o.put("policy-options.d", "8");
        o.put("policy-options.steps", "4");
        return TrainConfig.resolve(Map.of(), o);
    }

    private String run(String agent, Cluster cluster, String dir) {
        Trainer t = Trainer.create(small(agent), tmp.resolve(dir), false);
        if (cluster != null) {
            t.distribute(cluster);
        }
        TrainResult r = t.run(MetricsSink.NONE);
        return r.paramsSha256() + " " + r.envSteps() + " " + r.finalEvalReturn();
    }

    @Test
    void theSameParametersInProcessAndOnTwoOrThreeMembers() {
        // es and ars carry noise-table offsets, orthogonal-es dense directions; all record observation statistics
        for (String agent : List.of("es", "orthogonal-es")) {
            String local = run(agent, null, agent + "-local");
            long before = MemberRollouts.of(one).candidates() + MemberRollouts.of(two).candidates();
            try (Cluster three = Cluster.joinAsCoordinator(List.of("127.0.0.1:" + PORT, "127.0.0.1:" + (PORT + 1)))) {
                assertEquals(3, three.size());
                assertEquals(local, run(agent, three, agent + "-three"), agent);
                long remote = MemberRollouts.of(one).candidates() + MemberRollouts.of(two).candidates() - before;
                assertTrue(remote > 0 && remote < 4 * 24, agent + ": workers evaluated " + remote + " of 96");
            }
        }
    }

    @Test
    void aMemberThatJoinsMidRunGetsWorkAndChangesNothing() {
        String local = run("ars", null, "ars-local");
        try (Cluster cluster = Cluster.joinAsCoordinator(List.of("127.0.0.1:" + PORT))) {
            Trainer t = Trainer.create(small("ars"), tmp.resolve("ars-join"), false);
            t.distribute(cluster);
            HazelcastInstance[] late = new HazelcastInstance[1];
            TrainResult r = t.run((step, m) -> {
                if (step == 1 && late[0] == null) {
                    late[0] = Cluster.startWorker("127.0.0.1", PORT + 3, List.of("127.0.0.1:" + PORT), 1);
                }
            });
            assertEquals(4, cluster.size());
            assertTrue(MemberRollouts.of(late[0]).candidates() > 0, "the late member got no work");
            late[0].shutdown();
            assertEquals(local, r.paramsSha256() + " " + r.envSteps() + " " + r.finalEvalReturn());
        }
    }

    @Test
    void aMemberOfAnotherClusterNameIsRefusedInOneLine() {
        Config c = new Config();
        c.setClusterName("another-project");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setPort(PORT + 5).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        HazelcastInstance foreign = Hazelcast.newHazelcastInstance(c);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Cluster.joinAsCoordinator(List.of("127.0.0.1:" + (PORT + 5))));
            assertTrue(e.getMessage().contains("is not a member of cluster " + Cluster.name()), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        } finally {
            foreign.shutdown();
        }
    }

    @Test
    void anUnreachableOrMalformedAddressIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cluster.joinAsCoordinator(List.of("127.0.0.1:" + (PORT + 9))));
        assertTrue(e.getMessage().startsWith("cannot reach a cluster member at 127.0.0.1:" + (PORT + 9)),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cluster.joinAsCoordinator(List.of("localhost")));
        assertTrue(e.getMessage().contains("is not HOST:PORT"), e.getMessage());
    }
}
