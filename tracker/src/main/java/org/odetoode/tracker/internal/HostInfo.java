package org.odetoode.tracker.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Facts about the machine and process for {@code wandb-metadata.json}, read without starting processes. */
public final class HostInfo {
    private HostInfo() {
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    /** The main class or jar, as the JVM was started with it. */
    public static String program() {
        String command = System.getProperty("sun.java.command", "");
        return command.isBlank() ? "unknown" : command.split(" ", 2)[0];
    }

    /** The commit checked out in {@code start} or its nearest parent holding {@code .git}, if any. */
    public static Optional<String> gitCommit(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return readHead(git);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readHead(Path git) {
        try {
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (!head.startsWith("ref: ")) {
                return Optional.of(head);
            }
            String ref = head.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).strip());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                return Files.readAllLines(packed).stream().filter(l -> l.endsWith(" " + ref))
                        .map(l -> l.substring(0, l.indexOf(' '))).findFirst();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The metadata W&B shows for a run. {@code secret} (the API key) is blanked out of the command line,
     * where it could have been passed as an argument.
     */
    public static Map<String, Object> metadata(Instant start, String secret) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        metadata.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        metadata.put("javaHome", System.getProperty("java.home"));
        metadata.put("startedAt", start.toString());
        metadata.put("host", hostName());
        metadata.put("program", program());
        String commandLine = ProcessHandle.current().info().commandLine()
                .orElse(System.getProperty("sun.java.command", ""));
        metadata.put("args", secret == null ? commandLine : commandLine.replace(secret, "[redacted]"));
        metadata.put("cpu_count", runtime.availableProcessors());
        metadata.put("maxMemoryBytes", runtime.maxMemory());
        gitCommit(Path.of("")).ifPresent(commit -> metadata.put("git", Map.of("commit", commit)));
        return metadata;
    }
}
