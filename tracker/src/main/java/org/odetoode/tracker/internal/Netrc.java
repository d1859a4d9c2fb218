package org.odetoode.tracker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the password for a host from a netrc file, where {@code wandb login} stores the key
 * ({@code machine api.wandb.ai login user password KEY}). A {@code default} entry applies to any host.
 */
public final class Netrc {
    private Netrc() {
    }

    /**
     * The password of the first entry for {@code host} (or {@code host:port}), else of {@code default}.
     * A missing or unreadable file yields empty: the key is then simply not configured.
     */
    public static Optional<String> password(Path file, String host, int port) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String[] tokens = text.replaceAll("#[^\\n]*", " ").trim().split("\\s+");
        String withPort = host + ":" + port;
        String machine = null;
        String defaultPassword = null;
        for (int i = 0; i < tokens.length; i++) {
            switch (tokens[i]) {
                case "machine" -> machine = i + 1 < tokens.length ? tokens[++i] : null;
                case "default" -> machine = "";
                case "password" -> {
                    if (i + 1 >= tokens.length) {
                        return Optional.ofNullable(defaultPassword);
                    }
                    String password = tokens[++i];
                    if (host.equals(machine) || withPort.equals(machine)) {
                        return Optional.of(password);
                    }
                    if ("".equals(machine) && defaultPassword == null) {
                        defaultPassword = password;
                    }
                }
                case "login", "account" -> i++;
                default -> {
                    // macdef bodies and unknown tokens carry no credentials we use
                }
            }
        }
        return Optional.ofNullable(defaultPassword);
    }
}
