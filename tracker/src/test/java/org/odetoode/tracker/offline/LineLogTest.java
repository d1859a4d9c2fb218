package org.odetoode.tracker.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineLogTest {
    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsCutAndEarlierLinesKept() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"a\":2}\n{\"a\":");
        assertEquals(5, LineLog.repair(file));
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), Files.readAllLines(file));
        assertEquals(0, LineLog.repair(file), "a whole file is left alone");
    }

    @Test
    void reopeningAfterATearAppendsOnAFreshLine() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "one\ntw");
        try (LineLog log = LineLog.open(file, 64)) {
            log.append("three".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("one", "three"), Files.readAllLines(file));
    }

    @Test
    void aTearLongerThanTheScanBlockIsFound() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "kept\n" + "x".repeat(20_000));
        assertEquals(20_000, LineLog.repair(file));
        assertEquals("kept\n", Files.readString(file));
    }

    @Test
    void linesLongerThanTheBufferKeepTheirOrder() throws Exception {
        Path file = dir.resolve("h.jsonl");
        try (LineLog log = LineLog.open(file, 16)) {
            log.append("short".getBytes(StandardCharsets.UTF_8));
            log.append("a-line-longer-than-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
            log.append("end".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("short", "a-line-longer-than-sixteen-bytes", "end"), Files.readAllLines(file));
    }

    @Test
    void flushedLinesAreInTheFileBeforeClose() throws Exception {
        Path file = dir.resolve("h.jsonl");
        LineLog log = LineLog.open(file, 1024);
        log.append("x".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, Files.size(file), "buffered until flush");
        log.flush();
        assertEquals("x\n", Files.readString(file));
        log.close();
        Files.writeString(file, "y", StandardOpenOption.APPEND);
        assertEquals(1, LineLog.repair(file));
    }
}
