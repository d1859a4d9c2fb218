package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `odetoode worker` JVMs on 127.0.0.1 serving `odetoode train --cluster`, one of them killed with SIGKILL mid-run. */
class WorkerCommandTest {
    private static final int PORT = 5851;
    private static final Pattern SHA = Pattern.compile("\"params_sha256\":\"([0-9a-f]{64})\"");

    @TempDir
    Path tmp;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process p : workers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts `odetoode worker` in its own JVM and waits (at most a minute) until it has joined. */
    private Process worker(int port, String... cluster) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                OdeToOdeCli.class.getName(), "worker", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--threads", "1"));
        if (cluster.length > 0) {
            cmd.add("--cluster");
            cmd.add(String.join(",", cluster));
        }
        Path log = tmp.resolve("worker-" + port + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.add(p);
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            if (Files.readString(log).contains("worker [127.0.0.1]:" + port)) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("worker on port " + port + " did not start: " + Files.readString(log));
    }

    private CliRunner.Result train(String dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--json", "--env", "Pendulum-v1", "--seed", "11",
                "--threads", "1", "--iterations", "16", "--set", "population-size=32", "--set", "policy-options.d=8",
                "--set", "eval-every=0", "--set", "final-eval-episodes=3", "--set", "checkpoint-every=2",
                "--set", "observation-filter=mean-std", "--track", "disabled", "--run-dir", tmp.resolve(dir).toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static String sha(CliRunner.Result r) {
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = SHA.matcher(r.lastLine());
        assertTrue(m.find(), r.lastLine());
        return m.group(1);
    }

    @Test
    void twoWorkersGiveTheLocalParametersAlsoWhenOneIsKilledMidRun() throws Exception {
        String local = sha(train("local"));
        Process first = worker(PORT);
        Process second = worker(PORT + 1, "127.0.0.1:" + PORT);
        String cluster = "127.0.0.1:" + PORT + ",127.0.0.1:" + (PORT + 1);
        assertEquals(local, sha(train("both", "--cluster", cluster)), "two workers");

        // SIGKILL the second worker once the run has checkpointed iteration 2, while it trains on
        Path checkpoint = tmp.resolve("killed").resolve("checkpoint.json");
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean killedMidRun = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            for (int i = 0; i < 12_000 && !done.get(); i++) {
                if (Files.exists(checkpoint)) {
                    second.destroyForcibly();
                    killedMidRun.set(!done.get());
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.start();
        CliRunner.Result killed = train("killed", "--cluster", cluster);
        done.set(true);
        killer.join();
        assertTrue(killedMidRun.get(), "the worker was not killed while the run trained");
        assertEquals(137, second.waitFor(), "SIGKILL");
        assertTrue(first.isAlive());
        assertEquals(local, sha(killed), "one of two workers killed mid-run");
        assertTrue(killed.err().contains("candidate evaluations re-ran on the survivors after a member left"),
                killed.err());
    }

    @Test
    void anUnreachableWorkerIsBadInputAndStartsNoRun() {
        CliRunner.Result r = train("none", "--cluster", "127.0.0.1:" + (PORT + 7));
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cannot reach a cluster member at 127.0.0.1:" + (PORT + 7)), r.err());
        assertFalse(Files.exists(tmp.resolve("none")));
    }
}
