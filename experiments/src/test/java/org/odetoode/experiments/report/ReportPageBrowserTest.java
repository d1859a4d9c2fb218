package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.experiments.cli.CliRunner;

/**
 * The report's index.html in a real headless browser (Debian's chromium, driven over the DevTools protocol): it loads
 * from the file system with no console error, no exception and no request beyond file: and data: URLs, every image
 * has a non-zero natural size, and the cell table holds a row for every cell. Skipped with a reason when chromium is
 * missing, except on CI (CI=true), where it is required. The page's screenshot is left in
 * target/report-browser/index.png to look at.
 */
class ReportPageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    @TempDir
    Path tmp;

    @Test
    void thePageLoadsCleanlyWithEveryImageAndEveryCell() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("chromium is required on CI: apt-get install chromium (or set CHROMIUM)");
            }
            Assumptions.abort("no chromium at " + chromium + " (apt-get install chromium, or set CHROMIUM): the page"
                    + " is not checked in a browser");
        }
        Path out = tmp.resolve("report");
        CliRunner.Result r = CliRunner.run("report", ReportFixtures.suite().toString(), "--out", out.toString(),
                "--bootstrap", "200");
        assertEquals(0, r.exitCode(), r.err());

        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1280,900", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        try {
            String port = devToolsPort(browser);
            String pageSocket = pageWebSocket(http, port);
            try (DevTools page = new DevTools(http, pageSocket)) {
                page.call("Runtime.enable", Map.of());
                page.call("Log.enable", Map.of());
                page.call("Network.enable", Map.of());
                page.call("Page.enable", Map.of());
                page.call("Page.navigate", Map.of("url", out.resolve("index.html").toUri().toString()));
                page.awaitEvent("Page.loadEventFired", 60);

                JsonNode value = page.call("Runtime.evaluate", Map.of("returnByValue", true, "expression",
                        "({images: Array.from(document.images).map(i => [i.naturalWidth, i.naturalHeight,"
                                + " i.alt]), cells: Array.from(document.querySelectorAll('#cells tbody tr'))"
                                + ".map(tr => tr.cells[0].textContent)})"))
                        .get("result").get("value");
                byte[] shot = Base64.getDecoder().decode(page.call("Page.captureScreenshot", Map.of("format", "png",
                        "captureBeyondViewport", true)).get("data").asText());
                Path shots = Path.of("target", "report-browser");
                Files.createDirectories(shots);
                Files.write(shots.resolve("index.png"), shot);

                List<String> errors = new ArrayList<>();
                List<String> requests = new ArrayList<>();
                for (JsonNode e : page.events) {
                    String method = e.get("method").asText();
                    JsonNode p = e.get("params");
                    if (method.equals("Runtime.exceptionThrown")
                            || method.equals("Runtime.consoleAPICalled") && p.get("type").asText().matches(
                                    "error|assert")
                            || method.equals("Log.entryAdded") && p.get("entry").get("level").asText().equals(
                                    "error")) {
                        errors.add(p.toString());
                    }
                    if (method.equals("Network.requestWillBeSent")) {
                        requests.add(p.get("request").get("url").asText());
                    }
                }
                assertEquals(List.of(), errors, "console errors and exceptions");
                assertTrue(requests.stream().allMatch(u -> u.startsWith("file:") || u.startsWith("data:")),
                        requests.toString());

                JsonNode images = value.get("images");
                long pngs;
                try (var s = Files.list(out)) {
                    pngs = s.filter(f -> f.toString().endsWith(".png")).count();
                }
                assertEquals(pngs, images.size(), "every figure is on the page");
                for (JsonNode image : images) {
                    assertTrue(image.get(0).asInt() > 0 && image.get(1).asInt() > 0, "not rendered: " + image);
                }
                List<String> cells = new ArrayList<>();
                value.get("cells").forEach(c -> cells.add(c.asText()));
                assertEquals(ReportFixtures.CELLS, cells.size(), cells.toString());
                List<String> dirs = new ArrayList<>();
                for (Path d : RunReader.find(List.of(ReportFixtures.suite()))) {
                    dirs.add(d.getFileName().toString());
                }
                assertEquals(dirs, cells);
            }
        } finally {
            // the chromium this test started, and the renderer and helper processes it started
            List<ProcessHandle> started = new ArrayList<>(browser.descendants().toList());
            browser.destroy();
            started.forEach(ProcessHandle::destroy);
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The port from chromium's "DevTools listening on ws://127.0.0.1:PORT/..." line on stderr. */
    private static String devToolsPort(Process browser) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream()))) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("chromium exited without a DevTools endpoint"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        Matcher m = Pattern.compile("ws://[^:/]+:(\\d+)/").matcher(url.get(60, TimeUnit.SECONDS));
        assertTrue(m.find());
        return m.group(1);
    }

    /** The WebSocket of the browser's page target (from /json/list). */
    private static String pageWebSocket(OkHttpClient http, String port) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build())
                .execute()) {
            for (JsonNode target : JSON.readTree(r.body().string())) {
                if (target.get("type").asText().equals("page")) {
                    return target.get("webSocketDebuggerUrl").asText();
                }
            }
        }
        throw new IllegalStateException("chromium has no page target");
    }

    /** A minimal DevTools-protocol client: commands by id, events kept in order. */
    private static final class DevTools extends WebSocketListener implements AutoCloseable {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> eventNames = new LinkedBlockingQueue<>();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final WebSocket socket;

        DevTools(OkHttpClient http, String url) {
            socket = http.newWebSocket(new Request.Builder().url(url).build(), this);
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.send(message.toString());
            JsonNode r = reply.get(60, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.get("result");
        }

        void awaitEvent(String method, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                String name = eventNames.poll(100, TimeUnit.MILLISECONDS);
                if (method.equals(name)) {
                    return;
                }
            }
            throw new AssertionError("no " + method + " within " + seconds + " s");
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            try {
                JsonNode m = JSON.readTree(text);
                if (m.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                    if (f != null) {
                        f.complete(m);
                    }
                } else {
                    events.add(m);
                    eventNames.add(m.get("method").asText());
                }
            } catch (IOException e) {
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            pending.values().forEach(f -> f.completeExceptionally(t));
        }

        @Override
        public void close() {
            socket.close(1000, "done");
        }
    }
}
