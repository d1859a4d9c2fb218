package org.odetoode.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.odetoode.tracker.ApiKey;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.TrackerException.Reason;
import org.odetoode.tracker.internal.Json;

/**
 * The W&B wire protocol: GraphQL at {@code {base}/graphql}, the run's file_stream, and file uploads.
 * Every call retries 429, 5xx and network errors per the {@link RetryPolicy} until its {@link Deadline},
 * honouring {@code Retry-After}; 400, 401, 403, 404, 409, 410 and 413 fail at once.
 *
 * <p>The API key travels as HTTP basic auth (user {@code api}) to the base URL's host only, never to
 * an upload URL elsewhere, and never appears in an exception message.
 */
public final class WandbClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String USER_AGENT = "odetoode-tracker/0.1";

    private static final String VIEWER = "query Viewer { viewer { id entity username } }";
    private static final String RESUME_STATUS = """
            query RunResumeStatus($project: String, $entity: String, $name: String!) {
              model(name: $project, entityName: $entity) {
                id name entity { id name }
                bucket(name: $name, missingOk: true) {
                  id name summaryMetrics displayName logLineCount historyLineCount eventsLineCount
                  historyTail eventsTail config tags notes
                }
              }
            }""";
    private static final String UPSERT_BUCKET = """
            mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String,
                $groupName: String, $description: String, $displayName: String, $notes: String,
                $commit: String, $config: JSONString, $host: String, $debug: Boolean, $program: String,
                $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!],
                $summaryMetrics: JSONString) {
              upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project,
                  entityName: $entity, description: $description, displayName: $displayName, notes: $notes,
                  config: $config, commit: $commit, host: $host, debug: $debug, jobProgram: $program,
                  jobRepo: $repo, jobType: $jobType, state: $state, sweep: $sweep, tags: $tags,
                  summaryMetrics: $summaryMetrics}) {
                bucket { id name displayName description config sweepName
                  project { id name entity { id name } } historyLineCount }
                inserted
              }
            }""";
    private static final String CREATE_RUN_FILES = """
            mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
              createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) {
                runID uploadHeaders files { name uploadUrl }
              }
            }""";

    private final HttpUrl base;
    private final ApiKey key;
    private final RetryPolicy retry;
    private final Duration contactTimeout;
    private final Consumer<String> onRetry;
    private final OkHttpClient http;
    private final RandomGenerator random = RandomGenerator.getDefault();
    /** {@link System#nanoTime()} of this client's first attempt, 0 before it. */
    private volatile long firstAttemptNanos;
    /** Whether the server has answered at all (any HTTP status). */
    private volatile boolean reached;

    /** A client for the server at {@code baseUrl}, authenticating with {@code key}, retrying silently. */
    public WandbClient(URI baseUrl, ApiKey key, RetryPolicy retry) {
        this(baseUrl, key, retry, null, message -> { });
    }

    /**
     * A client that gives up once {@code contactTimeout} has passed since its first attempt without the server
     * ever answering (connection refused, unknown host, no route), and tells {@code onRetry} of every wait
     * before a retry, with its reason.
     *
     * @param contactTimeout how long to try reaching a server that has never answered, or null for as long as
     *                       the retry policy and deadlines allow
     */
    public WandbClient(URI baseUrl, ApiKey key, RetryPolicy retry, Duration contactTimeout, Consumer<String> onRetry) {
        this.base = HttpUrl.get(baseUrl.toString());
        this.key = key;
        this.retry = retry;
        this.contactTimeout = contactTimeout;
        this.onRetry = onRetry;
        String authorization = Credentials.basic("api", key.reveal());
        long attemptMillis = retry.attemptTimeout().toMillis();
        this.http = new OkHttpClient.Builder()
                // our RetryPolicy decides every retry, so that none is hidden or doubled
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .callTimeout(attemptMillis, TimeUnit.MILLISECONDS)
                .connectTimeout(Math.min(attemptMillis, 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(attemptMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(attemptMillis, TimeUnit.MILLISECONDS)
                .addInterceptor(chain -> {
                    Request.Builder request = chain.request().newBuilder().header("User-Agent", USER_AGENT);
                    if (sameOrigin(chain.request().url())) {
                        request.header("Authorization", authorization);
                    }
                    return chain.proceed(request.build());
                })
                .build();
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
    }

    /** The base URL, for messages. */
    public String baseUrl() {
        return base.toString();
    }

    /** The key owner's default entity ({@code viewer { entity }}). */
    public String viewerEntity(Deadline deadline) {
        JsonNode viewer = graphql("Viewer", VIEWER, Map.of(), deadline).path("viewer");
        String entity = viewer.path("entity").asText(null);
        if (entity == null || entity.isEmpty()) {
            throw new TrackerException(Reason.REJECTED, "the W&B server at " + base
                    + " returned no default entity for this API key: set WANDB_ENTITY or pass --entity");
        }
        return entity;
    }

    /** What the server holds of a run, or empty if it has no such run. */
    public Optional<ResumeStatus> runResumeStatus(String entity, String project, String runId, Deadline deadline) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("entity", entity);
        variables.put("project", project);
        variables.put("name", runId);
        JsonNode bucket = graphql("RunResumeStatus", RESUME_STATUS, variables, deadline).path("model").path("bucket");
        if (bucket.isMissingNode() || bucket.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new ResumeStatus(bucket.path("historyLineCount").asLong(0),
                bucket.path("eventsLineCount").asLong(0), bucket.path("logLineCount").asLong(0),
                bucket.path("summaryMetrics").asText(null)));
    }

    /**
     * Creates or updates a run. {@code variables} are UpsertBucket's: {@code name} (the run id),
     * {@code project}, {@code entity}, {@code config} (a JSON string), {@code displayName}, ...
     */
    public Bucket upsertBucket(Map<String, Object> variables, Deadline deadline) {
        JsonNode bucket = graphql("UpsertBucket", UPSERT_BUCKET, variables, deadline).path("upsertBucket").path("bucket");
        JsonNode project = bucket.path("project");
        return new Bucket(bucket.path("id").asText(null), bucket.path("name").asText(null),
                project.path("name").asText(null), project.path("entity").path("name").asText(null));
    }

    /** Asks where to upload {@code names} of a run; returns one target per name. */
    public List<UploadTarget> createRunFiles(String entity, String project, String runId, List<String> names,
                                             Deadline deadline) {
        Map<String, Object> variables = Map.of("entity", entity, "project", project, "run", runId, "files", names);
        JsonNode created = graphql("CreateRunFiles", CREATE_RUN_FILES, variables, deadline).path("createRunFiles");
        List<String[]> headers = new ArrayList<>();
        for (JsonNode header : created.path("uploadHeaders")) {
            String[] parts = header.asText().split(":", 2);
            if (parts.length == 2) {
                headers.add(new String[] {parts[0].strip(), parts[1].strip()});
            }
        }
        List<UploadTarget> targets = new ArrayList<>();
        for (JsonNode file : created.path("files")) {
            String url = file.path("uploadUrl").asText(null);
            if (url == null) {
                throw new TrackerException(Reason.REJECTED, "CreateRunFiles at " + base + " gave no upload URL for "
                        + file.path("name").asText("?"));
            }
            HttpUrl resolved = url.startsWith("/") ? base.resolve(url) : HttpUrl.parse(url);
            if (resolved == null) {
                throw new TrackerException(Reason.REJECTED, "CreateRunFiles gave an unusable upload URL for "
                        + file.path("name").asText("?"));
            }
            targets.add(new UploadTarget(file.path("name").asText(), resolved.toString(), List.copyOf(headers)));
        }
        return targets;
    }

    /** PUTs {@code file} to an upload target. */
    public void upload(UploadTarget target, Path file, Deadline deadline) {
        Request.Builder request = new Request.Builder().url(target.url())
                .put(RequestBody.create(file.toFile(), MediaType.get("application/octet-stream")));
        for (String[] header : target.headers()) {
            request.header(header[0], header[1]);
        }
        execute(request.build(), "upload of " + target.name(), deadline);
    }

    /** POSTs one file_stream request body (already JSON) for a run. */
    public void fileStream(String entity, String project, String runId, byte[] body, Deadline deadline) {
        HttpUrl url = base.newBuilder().addPathSegment("files").addPathSegment(entity).addPathSegment(project)
                .addPathSegment(runId).addPathSegment("file_stream").build();
        execute(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build(), "file_stream", deadline);
    }

    private JsonNode graphql(String operation, String query, Map<String, Object> variables, Deadline deadline) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("operationName", operation);
        payload.put("query", query);
        payload.put("variables", variables);
        Request request = new Request.Builder().url(base.newBuilder().addPathSegment("graphql").build())
                .post(RequestBody.create(Json.write(payload), JSON)).build();
        String body = execute(request, operation, deadline);
        JsonNode response;
        try {
            response = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new TrackerException(Reason.REJECTED, operation + " at " + base + " answered with invalid JSON: "
                    + snippet(body));
        }
        JsonNode errors = response.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.path("message").asText(e.toString())));
            throw new TrackerException(Reason.REJECTED, operation + " at " + base + " failed: "
                    + redact(String.join("; ", messages)));
        }
        return response.path("data");
    }

    /** Whether the server has answered any request of this client (whatever the status). */
    public boolean reached() {
        return reached;
    }

    /** Sends with retries; returns the body of the first 2xx answer. */
    private String execute(Request request, String what, Deadline deadline) {
        long startNanos = System.nanoTime();
        if (firstAttemptNanos == 0) {
            firstAttemptNanos = startNanos;
        }
        String lastFailure;
        for (int failures = 1; ; failures++) {
            Duration retryAfter = null;
            try (Response response = http.newCall(request).execute()) {
                reached = true;
                int code = response.code();
                ResponseBody body = response.body();
                String text = body.string();
                if (response.isSuccessful()) {
                    return text;
                }
                if (code != 429 && code < 500) {
                    throw refusal(code, what, text);
                }
                lastFailure = "HTTP " + code + " " + snippet(text);
                retryAfter = parseRetryAfter(response.header("Retry-After"));
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + redact(String.valueOf(e.getMessage()));
            }
            Duration wait = retryAfter != null ? retryAfter : retry.backoff(failures, random);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            Duration sinceFirstContact = Duration.ofNanos(System.nanoTime() - firstAttemptNanos);
            if (!reached && contactTimeout != null && sinceFirstContact.plus(wait).compareTo(contactTimeout) > 0) {
                throw new TrackerException(Reason.UNAVAILABLE, "cannot reach the W&B server at " + base + ": "
                        + failures + " attempt(s) in " + sinceFirstContact.toSeconds() + " s all failed (last: "
                        + lastFailure + "); check the URL (WANDB_BASE_URL) and the network");
            }
            if (!deadline.allows(wait) || elapsed.plus(wait).compareTo(retry.maxElapsed()) > 0) {
                throw new TrackerException(Reason.UNAVAILABLE, "gave up on " + what + " at " + base + " after "
                        + failures + " attempt(s) in " + elapsed.toSeconds() + " s; last: " + lastFailure);
            }
            onRetry.accept(what + " at " + base + " failed (" + lastFailure + "); attempt " + (failures + 1)
                    + " in " + String.format(java.util.Locale.ROOT, "%.1f", wait.toMillis() / 1e3) + " s");
            try {
                deadline.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(Reason.UNAVAILABLE, what + " at " + base + " was interrupted; last: "
                        + lastFailure);
            }
        }
    }

    private TrackerException refusal(int code, String what, String body) {
        if (code == 401 || code == 403) {
            return new TrackerException(Reason.AUTH_REJECTED, "the W&B server at " + base + " rejected the API key (HTTP "
                    + code + " on " + what + "): check WANDB_API_KEY, or the password for " + base.host()
                    + " in ~/.netrc (`wandb login --relogin` rewrites it)");
        }
        return new TrackerException(Reason.REJECTED, "the W&B server at " + base + " refused " + what + " (HTTP "
                + code + "): " + snippet(body));
    }

    /** {@code Retry-After} as seconds or an HTTP date; null if absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private String snippet(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return redact(oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine);
    }

    private String redact(String text) {
        return text.replace(key.reveal(), "[redacted]");
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /**
     * What the server holds of a run.
     *
     * @param historyLineCount history rows
     * @param eventsLineCount  events rows
     * @param logLineCount     output lines
     * @param summaryMetrics   the summary as a JSON string, or null
     */
    public record ResumeStatus(long historyLineCount, long eventsLineCount, long logLineCount, String summaryMetrics) {
        /** The server's line count of a streamed file, by its name. */
        public long lines(String file) {
            return switch (file) {
                case "wandb-history.jsonl" -> historyLineCount;
                case "wandb-events.jsonl" -> eventsLineCount;
                case "output.log" -> logLineCount;
                default -> throw new IllegalArgumentException("not a streamed file: " + file);
            };
        }
    }

    /**
     * A run as UpsertBucket returned it.
     *
     * @param id      the server's storage id
     * @param name    the run id
     * @param project the project name
     * @param entity  the entity name
     */
    public record Bucket(String id, String name, String project, String entity) {
    }

    /**
     * Where to PUT one file.
     *
     * @param name    the file's name in the run
     * @param url     the absolute upload URL
     * @param headers extra headers, as name and value pairs
     */
    public record UploadTarget(String name, String url, List<String[]> headers) {
    }
}
