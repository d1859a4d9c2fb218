package org.odetoode.tracker;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.odetoode.tracker.http.UploadSettings;
import org.odetoode.tracker.internal.Netrc;

/**
 * Everything a run needs, resolved once: a value set on the {@link Builder} wins over the matching
 * {@code WANDB_*} environment variable, which wins over the default.
 *
 * <table>
 *   <caption>Settings, their environment variables and defaults</caption>
 *   <tr><th>setting</th><th>variable</th><th>default</th></tr>
 *   <tr><td>mode</td><td>WANDB_MODE</td><td>online if an API key is configured, else offline</td></tr>
 *   <tr><td>apiKey</td><td>WANDB_API_KEY</td><td>the password for the server's host in ~/.netrc (or $NETRC)</td></tr>
 *   <tr><td>baseUrl</td><td>WANDB_BASE_URL</td><td>https://api.wandb.ai</td></tr>
 *   <tr><td>project</td><td>WANDB_PROJECT</td><td>uncategorized</td></tr>
 *   <tr><td>entity</td><td>WANDB_ENTITY</td><td>the key owner's default entity (asked from the server)</td></tr>
 *   <tr><td>name</td><td>WANDB_NAME</td><td>none (the server picks a display name)</td></tr>
 *   <tr><td>runId</td><td>WANDB_RUN_ID</td><td>8 random lower-case letters and digits</td></tr>
 *   <tr><td>resume</td><td>WANDB_RESUME</td><td>never</td></tr>
 *   <tr><td>rootDir</td><td>WANDB_DIR</td><td>the working directory; runs go to {@code rootDir/wandb/}</td></tr>
 *   <tr><td>tags</td><td>WANDB_TAGS (comma-separated)</td><td>none</td></tr>
 *   <tr><td>group</td><td>WANDB_RUN_GROUP</td><td>none</td></tr>
 *   <tr><td>jobType</td><td>WANDB_JOB_TYPE</td><td>none</td></tr>
 *   <tr><td>notes</td><td>WANDB_NOTES</td><td>none</td></tr>
 * </table>
 *
 * <p>{@code toString} never shows the API key.
 */
public final class RunSettings {
    /** The public W&B service. */
    public static final String DEFAULT_BASE_URL = "https://api.wandb.ai";
    /** wandb's project for runs that name none. */
    public static final String DEFAULT_PROJECT = "uncategorized";

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom ID_RANDOM = new SecureRandom();

    private final Mode mode;
    private final ApiKey apiKey;
    private final URI baseUrl;
    private final String project;
    private final String entity;
    private final String name;
    private final String runId;
    private final Resume resume;
    private final Path rootDir;
    private final List<String> tags;
    private final String group;
    private final String jobType;
    private final String notes;
    private final Map<String, Object> config;
    private final boolean captureConsole;
    private final boolean closeOnExit;
    private final Duration systemMetricsInterval;
    private final UploadSettings upload;

    private RunSettings(Builder b, Map<String, String> env) {
        this.apiKey = resolveKey(b, env);
        this.mode = b.mode != null ? b.mode
                : env.containsKey("WANDB_MODE") ? Mode.parse(env.get("WANDB_MODE"), "WANDB_MODE")
                : apiKey != null ? Mode.ONLINE : Mode.OFFLINE;
        if (mode == Mode.ONLINE && apiKey == null) {
            throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                    "online mode needs an API key: set WANDB_API_KEY, run `wandb login` (it writes ~/.netrc), "
                            + "or use WANDB_MODE=offline and upload later with `odetoode sync`");
        }
        this.project = pick(b.project, env, "WANDB_PROJECT", DEFAULT_PROJECT);
        this.entity = pick(b.entity, env, "WANDB_ENTITY", null);
        this.name = pick(b.name, env, "WANDB_NAME", null);
        this.runId = validateRunId(pick(b.runId, env, "WANDB_RUN_ID", null));
        this.resume = b.resume != null ? b.resume
                : env.containsKey("WANDB_RESUME") ? Resume.parse(env.get("WANDB_RESUME"), "WANDB_RESUME")
                : Resume.NEVER;
        this.rootDir = b.rootDir != null ? b.rootDir
                : Path.of(Optional.ofNullable(env.get("WANDB_DIR")).filter(s -> !s.isBlank()).orElse("."));
        this.tags = b.tags != null ? b.tags : parseTags(env.get("WANDB_TAGS"));
        this.group = pick(b.group, env, "WANDB_RUN_GROUP", null);
        this.jobType = pick(b.jobType, env, "WANDB_JOB_TYPE", null);
        this.notes = pick(b.notes, env, "WANDB_NOTES", null);
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
        this.captureConsole = b.captureConsole;
        this.closeOnExit = b.closeOnExit;
        this.systemMetricsInterval = b.systemMetricsInterval;
        this.upload = b.upload;
        this.baseUrl = b.baseUrl != null ? b.baseUrl : resolveBaseUrl(env);
    }

    static URI resolveBaseUrl(Map<String, String> env) {
        String raw = env.getOrDefault("WANDB_BASE_URL", DEFAULT_BASE_URL);
        return parseBaseUrl(raw.isBlank() ? DEFAULT_BASE_URL : raw, "WANDB_BASE_URL");
    }

    /** Parses an http(s) base URL, dropping a trailing slash. */
    static URI parseBaseUrl(String raw, String source) {
        try {
            URI uri = URI.create(raw.strip().replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the same message as a wrong scheme
        }
        throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                source + "=" + raw + " is not an http(s) URL such as https://api.wandb.ai");
    }

    private static ApiKey resolveKey(Builder b, Map<String, String> env) {
        if (b.apiKey != null) {
            return b.apiKey;
        }
        return lookUpKey(b.baseUrl != null ? b.baseUrl : resolveBaseUrl(env), env, b.homeDir).orElse(null);
    }

    /** The key from {@code WANDB_API_KEY}, else from the netrc file ({@code $NETRC} or {@code home/.netrc}). */
    static Optional<ApiKey> lookUpKey(URI base, Map<String, String> env, Path home) {
        String fromEnv = env.get("WANDB_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(ApiKey.of(fromEnv));
        }
        Path netrc = env.containsKey("NETRC") ? Path.of(env.get("NETRC")) : home.resolve(".netrc");
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        return Netrc.password(netrc, base.getHost(), port).map(ApiKey::of);
    }

    private static String pick(String explicit, Map<String, String> env, String variable, String fallback) {
        if (explicit != null) {
            return explicit;
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static List<String> parseTags(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String validateRunId(String id) {
        if (id == null) {
            StringBuilder generated = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                generated.append(ID_ALPHABET.charAt(ID_RANDOM.nextInt(ID_ALPHABET.length())));
            }
            return generated.toString();
        }
        if (!id.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new TrackerException(TrackerException.Reason.BAD_SETTING, "run id '" + id
                    + "' is not usable: use 1 to 128 letters, digits, '-', '_' or '.'");
        }
        return id;
    }

    /** A builder whose unset values come from the process environment and then the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public Mode mode() {
        return mode;
    }

    /** The API key, if one is configured. */
    public Optional<ApiKey> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String project() {
        return project;
    }

    /** The entity, if set; otherwise the server's default entity for the key is used. */
    public Optional<String> entity() {
        return Optional.ofNullable(entity);
    }

    /** The display name, if set. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public String runId() {
        return runId;
    }

    /**
     * What to do with data the run id already has. A run that continues it writes a run directory of its own under
     * the same id (as wandb does); when {@code rootDir/wandb/} holds the earlier processes' run directories, it
     * continues after their last row without asking the server, and {@code sync} uploads the parts in order into
     * one server run.
     */
    public Resume resume() {
        return resume;
    }

    /** The folder under whose {@code wandb/} subfolder run directories are made. */
    public Path rootDir() {
        return rootDir;
    }

    public List<String> tags() {
        return tags;
    }

    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    public Optional<String> jobType() {
        return Optional.ofNullable(jobType);
    }

    public Optional<String> notes() {
        return Optional.ofNullable(notes);
    }

    /** The run's configuration (hyperparameters), in insertion order. */
    public Map<String, Object> config() {
        return config;
    }

    /** Whether System.out and System.err are copied into {@code output.log} while the run is open. */
    public boolean captureConsole() {
        return captureConsole;
    }

    /**
     * Whether a JVM that exits without {@link Run#finish} closes the run from a shutdown hook of its own, keeping
     * every logged row but recording no exit code (default true). A program that finishes its run from its own
     * shutdown hook turns this off, so that the two hooks do not race.
     */
    public boolean closeOnExit() {
        return closeOnExit;
    }

    /** How often machine and JVM load are sampled into {@code wandb-events.jsonl}; zero for never. */
    public Duration systemMetricsInterval() {
        return systemMetricsInterval;
    }

    public UploadSettings upload() {
        return upload;
    }

    @Override
    public String toString() {
        return "RunSettings[mode=" + mode + ", apiKey=" + (apiKey == null ? "none" : apiKey) + ", baseUrl=" + baseUrl
                + ", project=" + project + ", entity=" + entity + ", name=" + name + ", runId=" + runId
                + ", resume=" + resume + ", rootDir=" + rootDir + ", tags=" + tags + ", group=" + group
                + ", jobType=" + jobType + "]";
    }

    /** Collects explicit values; {@link #build()} fills the rest from the environment and defaults. */
    public static final class Builder {
        private Mode mode;
        private ApiKey apiKey;
        private URI baseUrl;
        private String project;
        private String entity;
        private String name;
        private String runId;
        private Resume resume;
        private Path rootDir;
        private List<String> tags;
        private String group;
        private String jobType;
        private String notes;
        private final Map<String, Object> config = new LinkedHashMap<>();
        private boolean captureConsole;
        private boolean closeOnExit = true;
        private Duration systemMetricsInterval = Duration.ofSeconds(15);
        private UploadSettings upload = UploadSettings.DEFAULT;
        private Map<String, String> environment = System.getenv();
        private Path homeDir = Path.of(System.getProperty("user.home"));

        private Builder() {
        }

        public Builder mode(Mode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        public Builder apiKey(ApiKey value) {
            this.apiKey = Objects.requireNonNull(value, "apiKey");
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = parseBaseUrl(Objects.requireNonNull(value, "baseUrl"), "baseUrl");
            return this;
        }

        public Builder project(String value) {
            this.project = Objects.requireNonNull(value, "project");
            return this;
        }

        public Builder entity(String value) {
            this.entity = Objects.requireNonNull(value, "entity");
            return this;
        }

        /** The display name shown by the W&B UI. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        public Builder runId(String value) {
            this.runId = Objects.requireNonNull(value, "runId");
            return this;
        }

        public Builder resume(Resume value) {
            this.resume = Objects.requireNonNull(value, "resume");
            return this;
        }

        public Builder rootDir(Path value) {
            this.rootDir = Objects.requireNonNull(value, "rootDir");
            return this;
        }

        public Builder tags(List<String> value) {
            this.tags = List.copyOf(value);
            return this;
        }

        public Builder group(String value) {
            this.group = Objects.requireNonNull(value, "group");
            return this;
        }

        public Builder jobType(String value) {
            this.jobType = Objects.requireNonNull(value, "jobType");
            return this;
        }

        public Builder notes(String value) {
            this.notes = Objects.requireNonNull(value, "notes");
            return this;
        }

        /** Adds configuration entries (hyperparameters); later values for a key replace earlier ones. */
        public Builder config(Map<String, ?> entries) {
            this.config.putAll(entries);
            return this;
        }

        /** Copies System.out and System.err into {@code output.log} while the run is open. */
        public Builder captureConsole(boolean value) {
            this.captureConsole = value;
            return this;
        }

        /**
         * Off: the program finishes the run itself when the JVM exits, from its own shutdown hook (see
         * {@link RunSettings#closeOnExit()}).
         */
        public Builder closeOnExit(boolean value) {
            this.closeOnExit = value;
            return this;
        }

        /** Samples system metrics this often (default 15 s); {@link Duration#ZERO} turns sampling off. */
        public Builder systemMetricsInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("systemMetricsInterval must not be negative, got " + value);
            }
            this.systemMetricsInterval = value;
            return this;
        }

        public Builder upload(UploadSettings value) {
            this.upload = Objects.requireNonNull(value, "upload");
            return this;
        }

        /** The environment to read {@code WANDB_*} and {@code NETRC} from (default: the process's). */
        public Builder environment(Map<String, String> value) {
            this.environment = Map.copyOf(value);
            return this;
        }

        /** The home folder holding {@code .netrc} (default: {@code user.home}). */
        public Builder homeDir(Path value) {
            this.homeDir = Objects.requireNonNull(value, "homeDir");
            return this;
        }

        /**
         * Resolves every setting.
         *
         * @throws TrackerException {@link TrackerException.Reason#BAD_SETTING} naming the setting that cannot work
         */
        public RunSettings build() {
            return new RunSettings(this, environment);
        }
    }
}
