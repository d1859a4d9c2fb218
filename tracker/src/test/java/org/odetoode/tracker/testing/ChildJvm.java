package org.odetoode.tracker.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts a main class of the test classpath in a separate JVM, to be killed with SIGKILL. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main} with a heap of {@code maxHeap} (such as {@code 256m}), stderr to {@code log}. */
    public static Process start(Class<?> main, String maxHeap, Map<String, String> env, Path log, String... args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("WANDB_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
