package org.odetoode.tracker.offline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.odetoode.tracker.testing.ChildJvm;
import org.odetoode.tracker.testing.WaitingChild;
import org.odetoode.tracker.testing.WandbLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.Tracker;
import org.odetoode.tracker.testing.TestRuns;

/**
 * The .wandb file read back with an independent reader ({@link WandbLogReader}: LevelDB-log framing with W&B's
 * IEEE CRC checked on every fragment, protobuf decoded by protobuf-java's generic parser) and, where python3 is
 * installed, with a Python reader that follows wandb's datastore framing.
 */
class WandbFileTest {
    private static final int BLOCK = 32 * 1024;

    @TempDir
    Path root;

    @Test
    void anOfflineRunIsWrittenAsTheCurrentClientWritesIt() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("wb1").name("hopper").entity("lab")
                .config(Map.of("lr", 0.01)).build());
        double started = System.currentTimeMillis() / 1e3;
        for (int i = 0; i < 3; i++) {
            run.log(Map.of("loss", 1.0 / (i + 1)));
        }
        Thread.sleep(1100);
        run.output("hello");
        double printed = System.currentTimeMillis() / 1e3;
        run.saveFile(Files.writeString(root.resolve("w.bin"), "w"));
        Path dir = run.finish(2).directory();

        List<UnknownFieldSet> records = WandbLogReader.read(dir.resolve("run-wb1.wandb"));
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, WandbLogReader.number(records.get(i), 1), "record numbers count from 1");
        }
        // header, run, files (metadata), 3 history rows, 1 output_raw line, files (saved), summary, exit, final
        assertEquals(List.of(21, 17, 6, 2, 2, 2, 13, 6, 3, 18, 20), WandbLogReader.types(records));

        UnknownFieldSet version = WandbLogReader.nested(WandbLogReader.nested(records.get(0), 21), 1);
        assertTrue(WandbLogReader.string(version, 1).startsWith("odetoode-tracker "), "producer");
        assertEquals("0.70.0", WandbLogReader.string(version, 2), "min_consumer");

        UnknownFieldSet runRecord = WandbLogReader.nested(records.get(1), 17);
        assertEquals("wb1", WandbLogReader.string(runRecord, 1));
        assertEquals("lab", WandbLogReader.string(runRecord, 2));
        assertEquals(TestRuns.PROJECT, WandbLogReader.string(runRecord, 3));
        assertEquals("hopper", WandbLogReader.string(runRecord, 8));
        assertEquals(Map.of("lr", "0.01"), WandbLogReader.items(WandbLogReader.nested(runRecord, 4), 1));

        UnknownFieldSet metadata = WandbLogReader.nested(WandbLogReader.nested(records.get(2), 6), 1);
        assertEquals("wandb-metadata.json", WandbLogReader.string(metadata, 1));
        assertEquals(0, WandbLogReader.number(metadata, 2), "policy NOW");
        assertEquals(1, WandbLogReader.number(metadata, 3), "type WANDB");
        assertTrue(Files.isRegularFile(dir.resolve("files/wandb-metadata.json")), "where wandb sync looks for it");

        UnknownFieldSet history = WandbLogReader.nested(records.get(4), 2);
        Map<String, String> items = WandbLogReader.items(history, 1);
        assertEquals("0.5", items.get("loss"));
        assertEquals("1", items.get("_step"));
        assertEquals(1L, WandbLogReader.number(WandbLogReader.nested(history, 2), 1));

        UnknownFieldSet output = WandbLogReader.nested(records.get(6), 13);
        assertEquals(1L, WandbLogReader.number(output, 1), "STDOUT");
        assertEquals("hello\n", WandbLogReader.string(output, 3));
        double at = WandbLogReader.seconds(WandbLogReader.nested(output, 2));
        assertTrue(at >= started + 1.0 && at <= printed + 0.01, "the line's own time " + at + ", not the start "
                + started);
        assertEquals("w.bin", WandbLogReader.string(WandbLogReader.nested(WandbLogReader.nested(records.get(7), 6), 1), 1));
        assertEquals("0.3333333333333333", WandbLogReader.items(WandbLogReader.nested(records.get(8), 3), 1).get("loss"));
        assertEquals(2L, WandbLogReader.number(WandbLogReader.nested(records.get(9), 18), 1));
        assertPythonReads(dir.resolve("run-wb1.wandb"), WandbLogReader.types(records));
    }

    /** Every history item holds its value's own JSON: strings with commas and quotes, NaN, lists and maps. */
    @Test
    void historyItemsHoldEachValueAsItsJson() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("wb4").build());
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("text", "a, \"quoted\" } value");
        row.put("nan", Double.NaN);
        row.put("list", List.of(1, 2.5, "x,y"));
        row.put("map", Map.of("k", List.of(Map.of("deep", -1))));
        row.put("none", null);
        row.put("flag", true);
        row.put("odd \"key\"\\", "é");
        run.log(row, 41);
        Path dir = run.finish(0).directory();
        UnknownFieldSet history = WandbLogReader.nested(WandbLogReader.read(dir.resolve("run-wb4.wandb")).get(3), 2);
        Map<String, String> items = WandbLogReader.items(history, 1);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        com.fasterxml.jackson.databind.JsonNode line = json.readTree(Files.readAllLines(dir.resolve("wandb-history.jsonl")).get(0));
        assertEquals(List.of("text", "nan", "list", "map", "none", "flag", "odd \"key\"\\", "_step", "_runtime",
                "_timestamp"),
                List.copyOf(items.keySet()));
        for (Map.Entry<String, String> item : items.entrySet()) {
            assertEquals(line.get(item.getKey()), json.readTree(item.getValue()), item.getKey());
        }
        assertEquals("NaN", items.get("nan"));
        assertEquals(41L, WandbLogReader.number(WandbLogReader.nested(history, 2), 1));
    }

    /** Lines from stderr are STDERR output_raw records without the {@code ERROR } mark output.log gives them. */
    @Test
    void consoleLinesKeepTheirStreamAndTime() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("wb2").captureConsole(true).build());
        System.err.println("warned");
        Path dir = run.finish(0).directory();
        List<UnknownFieldSet> records = WandbLogReader.read(dir.resolve("run-wb2.wandb"));
        UnknownFieldSet output = WandbLogReader.nested(records.get(WandbLogReader.types(records).indexOf(13)), 13);
        assertEquals(0L, WandbLogReader.number(output, 1), "STDERR");
        assertEquals("warned\n", WandbLogReader.string(output, 3));
        assertEquals(List.of("ERROR warned"), Files.readAllLines(dir.resolve("output.log")));
    }

    /**
     * System stats go into the .wandb file under the official client's bare keys (both of wandb's sync paths add
     * {@code system.}), and into wandb-events.jsonl, which file_stream sends as it is, with the prefix.
     */
    @Test
    void systemStatsKeysAreBareInTheLogAndPrefixedInTheEventsFile() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("wb3").systemMetricsInterval(Duration.ofMillis(50)).build());
        Path events = run.directory().orElseThrow().resolve("wandb-events.jsonl");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(events) || Files.readAllLines(events).size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Path dir = run.finish(0).directory();
        List<UnknownFieldSet> records = WandbLogReader.read(dir.resolve("run-wb3.wandb"));
        List<UnknownFieldSet> stats = new ArrayList<>();
        for (UnknownFieldSet record : records) {
            if (WandbLogReader.type(record) == 7) {
                stats.add(WandbLogReader.nested(record, 7));
            }
        }
        assertTrue(stats.size() >= 2, "stats records: " + stats.size());
        Map<String, String> keys = WandbLogReader.items(stats.get(0), 3);
        assertTrue(keys.keySet().containsAll(List.of("cpu", "memory_percent", "proc.cpu.threads")), keys.toString());
        assertTrue(keys.keySet().stream().noneMatch(k -> k.startsWith("system.") || k.startsWith("_")), keys.toString());
        String firstEvent = Files.readAllLines(dir.resolve("wandb-events.jsonl")).get(0);
        assertTrue(firstEvent.contains("\"system.cpu\"") && firstEvent.contains("\"system.memory_percent\""),
                firstEvent);
    }

    /**
     * Records are appended as they happen: a run killed with SIGKILL after 10 rows leaves a .wandb file of whole
     * records holding them all, which a strict reader (wandb's datastore framing) takes to its end.
     */
    @Test
    void aRunKilledAfterTenRowsLeavesAWholeLogOfThem() throws Exception {
        Process child = ChildJvm.start(WaitingChild.class, "128m", Map.of(), root.resolve("child.err"),
                root.toString(), "10", "killed1");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), Files.readString(root.resolve("child.err")));
        }
        ChildJvm.kill(child);
        Path dir;
        try (Stream<Path> dirs = Files.list(root.resolve("wandb"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        List<UnknownFieldSet> records = WandbLogReader.read(dir.resolve("run-killed1.wandb"));
        List<Integer> types = WandbLogReader.types(records);
        assertEquals(List.of(21, 17, 6, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 13), types);
        for (int i = 0; i < 10; i++) {
            assertEquals(String.valueOf(i), WandbLogReader.items(WandbLogReader.nested(records.get(3 + i), 2), 1).get("i"));
        }
        assertPythonReads(dir.resolve("run-killed1.wandb"), types);
    }

    @Test
    void recordsLongerThanABlockAreSplitAndCheckedAcrossBlocks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.odetoode.tracker.internal.LevelDbLogWriter writer = new org.odetoode.tracker.internal.LevelDbLogWriter(out);
        byte[] big = new byte[3 * BLOCK];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        byte[] small = {42};
        writer.write(small);
        writer.write(big);
        // fill up to 3 bytes before a block end, so the next record must start after zero padding
        int used = out.size() % BLOCK;
        writer.write(new byte[BLOCK - used - 7 - 3]);
        writer.write(small);
        List<byte[]> read = WandbLogReader.frames(out.toByteArray());
        assertEquals(4, read.size());
        assertArrayEquals(small, read.get(0));
        assertArrayEquals(big, read.get(1));
        assertArrayEquals(small, read.get(3));
    }

    /** The record types read by the Python reader match, where python3 is installed. */
    private void assertPythonReads(Path file, List<Integer> types) throws Exception {
        Path script = root.resolve("wandb_records.py");
        try (InputStream in = WandbFileTest.class.getResourceAsStream("/org/odetoode/tracker/wandb_records.py")) {
            Files.copy(in, script);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // copied by an earlier call
        }
        Process python;
        try {
            python = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("python3 is required on CI to run the Python reader of the .wandb framing", e);
            }
            Assumptions.abort("python3 is not installed: the Python reader was not run");
            return;
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, python.waitFor(), out);
        List<Integer> read = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode pair : new com.fasterxml.jackson.databind.ObjectMapper().readTree(out)) {
            assertEquals(read.size() + 1, pair.get(0).asInt());
            read.add(pair.get(1).asInt());
        }
        assertEquals(types, read);
    }
}
