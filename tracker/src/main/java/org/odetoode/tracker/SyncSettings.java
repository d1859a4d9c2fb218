package org.odetoode.tracker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.odetoode.tracker.http.UploadSettings;

/**
 * How {@link Sync} uploads run directories. The server is the builder's base URL, else
 * {@code WANDB_BASE_URL}, else the one recorded in the run; the key is the builder's, else
 * {@code WANDB_API_KEY}, else the netrc password for that server's host.
 */
public final class SyncSettings {
    private final ApiKey apiKey;
    private final URI baseUrl;
    private final String project;
    private final String entity;
    private final UploadSettings upload;
    private final Duration timeout;
    private final Duration contactTimeout;
    private final Consumer<String> onRetry;
    private final Map<String, String> environment;
    private final Path homeDir;

    private SyncSettings(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl != null ? b.baseUrl
                : b.environment.containsKey("WANDB_BASE_URL") ? RunSettings.resolveBaseUrl(b.environment) : null;
        this.project = b.project;
        this.entity = b.entity;
        this.upload = b.upload;
        this.timeout = b.timeout;
        this.contactTimeout = b.contactTimeout;
        this.onRetry = b.onRetry;
        this.environment = b.environment;
        this.homeDir = b.homeDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server for a run that recorded {@code recorded}. */
    URI serverFor(String recorded) {
        if (baseUrl != null) {
            return baseUrl;
        }
        return recorded != null ? RunSettings.parseBaseUrl(recorded, "baseUrl in run.json")
                : RunSettings.parseBaseUrl(RunSettings.DEFAULT_BASE_URL, "default");
    }

    /**
     * The key for {@code server}.
     *
     * @throws TrackerException {@link TrackerException.Reason#BAD_SETTING} if none is configured
     */
    ApiKey keyFor(URI server) {
        if (apiKey != null) {
            return apiKey;
        }
        return RunSettings.lookUpKey(server, environment, homeDir).orElseThrow(() -> new TrackerException(
                TrackerException.Reason.BAD_SETTING, "no API key for " + server + ": set WANDB_API_KEY or run "
                + "`wandb login` (it writes ~/.netrc)"));
    }

    /** The project to create not-yet-uploaded runs in instead of their recorded one. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** The entity to create not-yet-uploaded runs in instead of their recorded one. */
    public Optional<String> entity() {
        return Optional.ofNullable(entity);
    }

    public UploadSettings upload() {
        return upload;
    }

    /** How long one run's upload may take, retries included. */
    public Duration timeout() {
        return timeout;
    }

    /** How long to keep trying a server that has not answered once: then the run fails, naming the URL. */
    public Duration contactTimeout() {
        return contactTimeout;
    }

    /** Told of every wait before a retry, with its reason (by default nothing is said). */
    public Consumer<String> onRetry() {
        return onRetry;
    }

    /** Collects explicit values; unset ones come from the environment. */
    public static final class Builder {
        private ApiKey apiKey;
        private URI baseUrl;
        private String project;
        private String entity;
        private UploadSettings upload = UploadSettings.DEFAULT;
        private Duration timeout = Duration.ofMinutes(10);
        private Duration contactTimeout = Duration.ofSeconds(30);
        private Consumer<String> onRetry = message -> { };
        private Map<String, String> environment = System.getenv();
        private Path homeDir = Path.of(System.getProperty("user.home"));

        private Builder() {
        }

        public Builder apiKey(ApiKey value) {
            this.apiKey = Objects.requireNonNull(value, "apiKey");
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = RunSettings.parseBaseUrl(Objects.requireNonNull(value, "baseUrl"), "baseUrl");
            return this;
        }

        /** Creates runs not yet on the server in this project. */
        public Builder project(String value) {
            this.project = Objects.requireNonNull(value, "project");
            return this;
        }

        /** Creates runs not yet on the server in this entity. */
        public Builder entity(String value) {
            this.entity = Objects.requireNonNull(value, "entity");
            return this;
        }

        public Builder upload(UploadSettings value) {
            this.upload = Objects.requireNonNull(value, "upload");
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = Objects.requireNonNull(value, "timeout");
            return this;
        }

        /** How long to keep trying a server that has never answered (default 30 s). */
        public Builder contactTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("contactTimeout must be positive, got " + value);
            }
            this.contactTimeout = value;
            return this;
        }

        /** Receives one line for every wait before a retry, naming the request, the failure and the wait. */
        public Builder onRetry(Consumer<String> value) {
            this.onRetry = Objects.requireNonNull(value, "onRetry");
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

        public SyncSettings build() {
            return new SyncSettings(this);
        }
    }
}
