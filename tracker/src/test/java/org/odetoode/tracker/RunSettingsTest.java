package org.odetoode.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {
    private static final String KEY = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    @TempDir
    Path home;

    private RunSettings.Builder withEnv(Map<String, String> env) {
        return RunSettings.builder().environment(env).homeDir(home);
    }

    @Test
    void defaultsWithoutKeyAreOfflineAgainstThePublicService() {
        RunSettings settings = withEnv(Map.of()).build();
        assertEquals(Mode.OFFLINE, settings.mode());
        assertEquals("https://api.wandb.ai", settings.baseUrl().toString());
        assertEquals(RunSettings.DEFAULT_PROJECT, settings.project());
        assertTrue(settings.runId().matches("[a-z0-9]{8}"), settings.runId());
        assertEquals(Resume.NEVER, settings.resume());
        assertEquals(Path.of("."), settings.rootDir());
        assertTrue(settings.entity().isEmpty());
    }

    @Test
    void everyWandbVariableIsHonoured() {
        RunSettings settings = withEnv(Map.ofEntries(Map.entry("WANDB_API_KEY", KEY),
                Map.entry("WANDB_BASE_URL", "http://127.0.0.1:8080/"), Map.entry("WANDB_PROJECT", "hopper"),
                Map.entry("WANDB_ENTITY", "lab"), Map.entry("WANDB_NAME", "es-1"), Map.entry("WANDB_RUN_ID", "run-42"),
                Map.entry("WANDB_RESUME", "allow"), Map.entry("WANDB_DIR", "/tmp/runs"),
                Map.entry("WANDB_TAGS", "es, ode ,,v3"), Map.entry("WANDB_RUN_GROUP", "sweep-1"),
                Map.entry("WANDB_JOB_TYPE", "train"), Map.entry("WANDB_NOTES", "first try"))).build();
        assertEquals(Mode.ONLINE, settings.mode(), "a configured key makes online the default");
        assertEquals(KEY, settings.apiKey().orElseThrow().reveal());
        assertEquals("http://127.0.0.1:8080", settings.baseUrl().toString());
        assertEquals("hopper", settings.project());
        assertEquals("lab", settings.entity().orElseThrow());
        assertEquals("es-1", settings.name().orElseThrow());
        assertEquals("run-42", settings.runId());
        assertEquals(Resume.ALLOW, settings.resume());
        assertEquals(Path.of("/tmp/runs"), settings.rootDir());
        assertEquals(List.of("es", "ode", "v3"), settings.tags());
        assertEquals("sweep-1", settings.group().orElseThrow());
        assertEquals("train", settings.jobType().orElseThrow());
        assertEquals("first try", settings.notes().orElseThrow());
    }

    @Test
    void builderValuesWinOverTheEnvironment() {
        RunSettings settings = withEnv(Map.of("WANDB_PROJECT", "from-env", "WANDB_MODE", "online",
                "WANDB_API_KEY", KEY)).project("from-builder").mode(Mode.DISABLED).build();
        assertEquals("from-builder", settings.project());
        assertEquals(Mode.DISABLED, settings.mode());
    }

    @Test
    void theKeyComesFromNetrcForTheServersHost() throws Exception {
        Files.writeString(home.resolve(".netrc"), "machine other.host login user password nope\n"
                + "machine api.wandb.ai\n  login user\n  password " + KEY + "\n");
        RunSettings settings = withEnv(Map.of()).build();
        assertEquals(KEY, settings.apiKey().orElseThrow().reveal());
        assertEquals(Mode.ONLINE, settings.mode());

        Path elsewhere = Files.writeString(home.resolve("netrc-elsewhere"), "machine 127.0.0.1:8080 login user password "
                + KEY.toUpperCase() + "\n");
        RunSettings local = withEnv(Map.of("NETRC", elsewhere.toString(), "WANDB_BASE_URL", "http://127.0.0.1:8080"))
                .build();
        assertEquals(KEY.toUpperCase(), local.apiKey().orElseThrow().reveal());
    }

    @Test
    void theKeyNeverShowsInToString() {
        RunSettings settings = withEnv(Map.of("WANDB_API_KEY", KEY)).build();
        assertFalse(settings.toString().contains(KEY), settings.toString());
        assertFalse(settings.apiKey().orElseThrow().toString().contains(KEY));
    }

    @Test
    void badValuesNameTheVariableAndTheFix() {
        TrackerException mode = assertThrows(TrackerException.class,
                () -> withEnv(Map.of("WANDB_MODE", "sometimes")).build());
        assertEquals(TrackerException.Reason.BAD_SETTING, mode.reason());
        assertEquals("WANDB_MODE=sometimes is not a mode: use online, offline or disabled", mode.getMessage());

        TrackerException resume = assertThrows(TrackerException.class,
                () -> withEnv(Map.of("WANDB_RESUME", "maybe")).build());
        assertTrue(resume.getMessage().startsWith("WANDB_RESUME=maybe"), resume.getMessage());

        TrackerException url = assertThrows(TrackerException.class,
                () -> withEnv(Map.of("WANDB_BASE_URL", "ftp://x")).build());
        assertTrue(url.getMessage().contains("WANDB_BASE_URL=ftp://x is not an http(s) URL"), url.getMessage());

        TrackerException id = assertThrows(TrackerException.class,
                () -> withEnv(Map.of("WANDB_RUN_ID", "a/b")).build());
        assertTrue(id.getMessage().contains("run id 'a/b'"), id.getMessage());

        TrackerException online = assertThrows(TrackerException.class,
                () -> withEnv(Map.of("WANDB_MODE", "online")).build());
        assertTrue(online.getMessage().contains("online mode needs an API key"), online.getMessage());
    }
}
