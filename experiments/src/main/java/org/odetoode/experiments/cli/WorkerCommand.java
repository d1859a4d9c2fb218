package org.odetoode.experiments.cli;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.cluster.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode worker}: a cluster member that evaluates the candidates that {@code odetoode train --cluster} hands
 * it, until it is stopped (Ctrl-C, SIGTERM) or its cluster shuts it down.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Start a cluster member that evaluates rollouts for `odetoode train --cluster` until stopped.",
                "Members of one cluster run the same odetoode version; a member silent for 5 s is dropped and its"
                        + " work re-run elsewhere.",
                "Example, two workers on this machine and a run that uses them:",
                "  odetoode worker --host 127.0.0.1 --port 5701",
                "  odetoode worker --host 127.0.0.1 --port 5702 --cluster 127.0.0.1:5701",
                "  odetoode train --env CartPole-v1 --cluster 127.0.0.1:5701,127.0.0.1:5702"})
public final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port = Cluster.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on and announce (default: 127.0.0.1 when every --cluster member is on"
                    + " loopback, else Hazelcast's pick among this machine's addresses).")
    String host;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
            description = "Members to join, comma-separated (default: none, this worker starts a cluster).")
    List<String> cluster = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads (default: all cores).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65535 || threads < 0) {
            throw new IllegalArgumentException("--port must be 1..65535 and --threads >= 0 (0 = all cores)");
        }
        int n = Trainer.threads(threads);
        HazelcastInstance member = Cluster.startWorker(host, port, cluster, n);
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(member::shutdown, "odetoode-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.printf("worker %s of cluster %s (%d members), %d rollout threads; stop with Ctrl-C%n",
                member.getCluster().getLocalMember().getAddress(), Cluster.name(),
                member.getCluster().getMembers().size(), n);
        err.flush();
        stopped.await();
        return 0;
    }
}
