package org.odetoode.tracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A W&B server on loopback that speaks the endpoints the tracker uses and checks what arrives:
 * GraphQL {@code Viewer}, {@code RunResumeStatus}, {@code UpsertBucket}, {@code CreateRunFiles}, the
 * PUT of uploads, and {@code file_stream} with basic auth (user {@code api}), contiguous line offsets
 * and the summary at offset 0. Anything off is kept in {@link #violations()}.
 *
 * <p>Faults can be injected: a share of requests failing with 500/502/503/429 (with Retry-After) or a
 * dropped connection, decided before the request is processed, and a stall after the n-th file_stream
 * request (processed, but never answered) to imitate a client killed mid-request.
 */
public final class FakeWandbServer implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** What the server holds of one run. */
    public static final class RunRecord {
        public final String entity;
        public final String project;
        public final String name;
        public final List<String> history = new ArrayList<>();
        public final List<String> output = new ArrayList<>();
        public final List<String> events = new ArrayList<>();
        public final List<String> uploaded = new ArrayList<>();
        public final Map<String, byte[]> files = new LinkedHashMap<>();
        public JsonNode upsert;
        public String summary;
        public boolean complete;
        public Integer exitCode;
        public int upserts;

        RunRecord(String entity, String project, String name) {
            this.entity = entity;
            this.project = project;
            this.name = name;
        }

        List<String> lines(String file) {
            return switch (file) {
                case "wandb-history.jsonl" -> history;
                case "output.log" -> output;
                case "wandb-events.jsonl" -> events;
                default -> null;
            };
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final String expectedAuthorization;
    private final String viewerEntity;
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger fileStreamAccepted = new AtomicInteger();
    private final AtomicInteger injectedFailures = new AtomicInteger();
    private final AtomicInteger largestFileStreamBody = new AtomicInteger();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch releaseStall = new CountDownLatch(1);
    private Random faults;
    private double failureRate;
    private int stallAfterFileStreams = Integer.MAX_VALUE;

    /** A server expecting {@code apiKey}, whose viewer's default entity is {@code viewerEntity}. */
    public FakeWandbServer(String apiKey, String viewerEntity) {
        this.expectedAuthorization = "Basic "
                + Base64.getEncoder().encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8));
        this.viewerEntity = viewerEntity;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return handle(request);
            }
        });
    }

    /** Starts listening on 127.0.0.1 at {@code port} (0 for any free port). */
    public FakeWandbServer start(int port) throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), port);
        return this;
    }

    /** The base URL to give the client. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Fails {@code rate} of requests (seeded) with 500, 502, 503, 429 + Retry-After: 1, or a dropped connection. */
    public synchronized FakeWandbServer failRandomly(double rate, long seed) {
        this.failureRate = rate;
        this.faults = new Random(seed);
        return this;
    }

    /** Records the n-th accepted file_stream request, then never answers it (until {@link #close()}). */
    public synchronized FakeWandbServer stallAfterFileStreams(int n) {
        this.stallAfterFileStreams = n;
        return this;
    }

    /** Waits until a request has stalled. */
    public boolean awaitStall(long millis) throws InterruptedException {
        return stalled.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private MockResponse handle(RecordedRequest request) throws InterruptedException {
        requests.incrementAndGet();
        MockResponse fault = injectedFault();
        if (fault != null) {
            return fault;
        }
        if (!expectedAuthorization.equals(request.getHeaders().get("Authorization"))) {
            return json(401, "{\"errors\":[{\"message\":\"invalid api key\"}]}");
        }
        String path = request.getUrl().encodedPath();
        try {
            if ("POST".equals(request.getMethod()) && "/graphql".equals(path)) {
                return graphql(JSON.readTree(request.getBody().utf8()));
            }
            if ("PUT".equals(request.getMethod()) && path.startsWith("/upload/")) {
                return upload(path, request.getBody().toByteArray());
            }
            String[] parts = path.split("/");
            if ("POST".equals(request.getMethod()) && parts.length == 6 && "files".equals(parts[1])
                    && "file_stream".equals(parts[5])) {
                largestFileStreamBody.accumulateAndGet(request.getBody().size(), Math::max);
                MockResponse response = fileStream(parts[2], parts[3], parts[4], JSON.readTree(request.getBody().utf8()));
                if (response.getCode() == 200 && stallNow()) {
                    stalled.countDown();
                    releaseStall.await();
                    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
                }
                return response;
            }
        } catch (IOException e) {
            return violation(400, "unreadable JSON body on " + path + ": " + e.getMessage());
        }
        return violation(404, "unexpected " + request.getMethod() + " " + path);
    }

    /** Whether to stall this accepted request: once, at the configured count. */
    private synchronized boolean stallNow() {
        if (fileStreamAccepted.get() < stallAfterFileStreams) {
            return false;
        }
        stallAfterFileStreams = Integer.MAX_VALUE;
        return true;
    }

    private synchronized MockResponse injectedFault() {
        if (faults == null || faults.nextDouble() >= failureRate) {
            return null;
        }
        injectedFailures.incrementAndGet();
        return switch (faults.nextInt(5)) {
            case 0 -> json(500, "{\"error\":\"injected\"}");
            case 1 -> json(502, "bad gateway");
            case 2 -> json(503, "unavailable");
            case 3 -> new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("slow down").build();
            default -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        };
    }

    private synchronized MockResponse graphql(JsonNode body) {
        String query = body.path("query").asText();
        JsonNode variables = body.path("variables");
        if (query.contains("viewer")) {
            return data("{\"viewer\":{\"id\":\"v1\",\"entity\":\"" + viewerEntity + "\",\"username\":\"tester\"}}");
        }
        if (query.contains("mutation UpsertBucket")) {
            String entity = variables.path("entity").asText(null);
            String project = variables.path("project").asText(null);
            String name = variables.path("name").asText(null);
            if (entity == null || project == null || name == null) {
                return violation(400, "UpsertBucket without entity, project or name: " + variables);
            }
            if (variables.has("config")) {
                checkConfig(variables.path("config").asText());
            }
            RunRecord run = runs.computeIfAbsent(key(entity, project, name), k -> new RunRecord(entity, project, name));
            run.upsert = variables;
            run.upserts++;
            return data("{\"upsertBucket\":{\"bucket\":{\"id\":\"b-" + name + "\",\"name\":\"" + name
                    + "\",\"displayName\":null,\"project\":{\"id\":\"p1\",\"name\":\"" + project
                    + "\",\"entity\":{\"id\":\"e1\",\"name\":\"" + entity + "\"}},\"historyLineCount\":"
                    + run.history.size() + "},\"inserted\":" + (run.upserts == 1) + "}}");
        }
        if (query.contains("query RunResumeStatus")) {
            RunRecord run = runs.get(key(variables.path("entity").asText(), variables.path("project").asText(),
                    variables.path("name").asText()));
            String bucket = run == null ? "null" : "{\"id\":\"b-" + run.name + "\",\"name\":\"" + run.name
                    + "\",\"historyLineCount\":" + run.history.size() + ",\"logLineCount\":" + run.output.size()
                    + ",\"eventsLineCount\":" + run.events.size() + ",\"summaryMetrics\":"
                    + (run.summary == null ? "null" : JSON.valueToTree(run.summary).toString()) + "}";
            return data("{\"model\":{\"id\":\"p1\",\"name\":\"" + variables.path("project").asText()
                    + "\",\"entity\":{\"id\":\"e1\",\"name\":\"" + variables.path("entity").asText()
                    + "\"},\"bucket\":" + bucket + "}}");
        }
        if (query.contains("mutation CreateRunFiles")) {
            String entity = variables.path("entity").asText();
            String project = variables.path("project").asText();
            String name = variables.path("run").asText();
            if (!runs.containsKey(key(entity, project, name))) {
                return violation(404, "CreateRunFiles for unknown run " + key(entity, project, name));
            }
            StringBuilder files = new StringBuilder();
            for (JsonNode file : variables.path("files")) {
                files.append(files.length() == 0 ? "" : ",").append("{\"name\":\"").append(file.asText())
                        .append("\",\"uploadUrl\":\"").append(baseUrl()).append("/upload/").append(entity).append('/')
                        .append(project).append('/').append(name).append('/').append(file.asText()).append("\"}");
            }
            return data("{\"createRunFiles\":{\"runID\":\"b-" + name + "\",\"uploadHeaders\":[\"X-Upload-Check: yes\"],"
                    + "\"files\":[" + files + "]}}");
        }
        return violation(400, "unknown GraphQL operation: " + body.path("operationName").asText());
    }

    private void checkConfig(String config) {
        try {
            JsonNode parsed = JSON.readTree(config);
            parsed.fields().forEachRemaining(entry -> {
                JsonNode value = entry.getValue();
                boolean wandbShape = "_wandb".equals(entry.getKey()) ? value.has("value")
                        : value.has("value") && value.has("desc") && value.path("desc").isNull() && value.size() == 2;
                if (!wandbShape) {
                    violations.add("config entry " + entry.getKey() + " is not {desc: null, value: v}: " + value);
                }
            });
        } catch (IOException e) {
            violations.add("config is not a JSON string: " + config);
        }
    }

    private synchronized MockResponse upload(String path, byte[] body) {
        String[] parts = path.split("/", 6);
        RunRecord run = runs.get(key(parts[2], parts[3], parts[4]));
        if (run == null) {
            return violation(404, "upload for unknown run " + path);
        }
        run.files.put(parts[5], body);
        return new MockResponse.Builder().code(200).build();
    }

    private synchronized MockResponse fileStream(String entity, String project, String name, JsonNode body) {
        RunRecord run = runs.get(key(entity, project, name));
        if (run == null) {
            return violation(404, "file_stream for a run not created by UpsertBucket: " + key(entity, project, name));
        }
        JsonNode files = body.path("files");
        if (!files.isObject()) {
            return violation(400, "file_stream body without a files object: " + body);
        }
        var names = files.fieldNames();
        while (names.hasNext()) {
            String file = names.next();
            JsonNode chunk = files.path(file);
            long offset = chunk.path("offset").asLong(-1);
            JsonNode content = chunk.path("content");
            if (!content.isArray()) {
                return violation(400, file + " chunk without a content array");
            }
            if ("wandb-summary.json".equals(file)) {
                if (offset != 0 || content.size() != 1) {
                    violations.add("summary must be one line at offset 0, got offset " + offset + ", " + content.size()
                            + " lines");
                }
                run.summary = content.get(0).asText();
                continue;
            }
            List<String> lines = run.lines(file);
            if (lines == null) {
                return violation(400, "unknown streamed file " + file);
            }
            if (offset != lines.size()) {
                violations.add(file + " offset " + offset + " but the server holds " + lines.size()
                        + " lines (" + (offset < lines.size() ? "sent twice" : "gap") + ")");
                if (offset > lines.size()) {
                    continue;
                }
            }
            // as W&B does, a line index sent again replaces the line held there
            for (int i = 0; i < content.size(); i++) {
                int at = (int) offset + i;
                if (at < lines.size()) {
                    lines.set(at, content.get(i).asText());
                } else {
                    lines.add(content.get(i).asText());
                }
            }
        }
        body.path("uploaded").forEach(file -> {
            if (!run.uploaded.contains(file.asText())) {
                run.uploaded.add(file.asText());
            }
        });
        if (body.path("complete").asBoolean(false)) {
            run.complete = true;
            run.exitCode = body.path("exitcode").isInt() ? body.path("exitcode").asInt() : null;
            if (run.exitCode == null) {
                violations.add("complete without an integer exitcode");
            }
        }
        fileStreamAccepted.incrementAndGet();
        return json(200, "{\"exitcode\":null,\"limits\":{}}");
    }

    private static String key(String entity, String project, String name) {
        return entity + "/" + project + "/" + name;
    }

    private MockResponse violation(int code, String what) {
        synchronized (this) {
            violations.add(what);
        }
        return json(code, "{\"errors\":[{\"message\":\"" + what.replace("\"", "'") + "\"}]}");
    }

    private static MockResponse data(String data) {
        return json(200, "{\"data\":" + data + "}");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** The run at {@code entity/project/name}, or null. */
    public synchronized RunRecord run(String entity, String project, String name) {
        return runs.get(key(entity, project, name));
    }

    /** Protocol violations seen so far. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Requests received, faults included. */
    public int requestCount() {
        return requests.get();
    }

    /** The size in bytes of the largest file_stream body received. */
    public int largestFileStreamBody() {
        return largestFileStreamBody.get();
    }

    /** Requests failed on purpose. */
    public int injectedFailures() {
        return injectedFailures.get();
    }

    @Override
    public void close() throws IOException {
        releaseStall.countDown();
        server.close();
    }
}
