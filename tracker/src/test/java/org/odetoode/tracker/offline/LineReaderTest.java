package org.odetoode.tracker.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @TempDir
    Path dir;

    @Test
    void aLineWithoutItsNewlineIsNotReadYet() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "a\nbb\nccc");
        LineReader.Chunk chunk = LineReader.read(file, 0, 1024, 100);
        assertEquals(List.of("a", "bb"), chunk.lines());
        assertEquals(5, chunk.endByte());
        assertTrue(LineReader.read(file, 5, 1024, 100).isEmpty());
    }

    @Test
    void theBudgetBoundsTheLinesCostInARequestBody() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "aaaa\nbbbb\ncccc\n");
        LineReader.Chunk first = LineReader.read(file, 0, 14, 100);
        assertEquals(List.of("aaaa", "bbbb"), first.lines());
        assertEquals(14, first.cost(), "each line costs its bytes, two quotes and a comma");
        assertEquals(List.of("cccc"), LineReader.read(file, first.endByte(), 13, 100).lines());
    }

    @Test
    void escapesCountInTheCost() {
        byte[] line = "{\"a\":\"x\\y\"}\u0001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // 12 raw bytes; 4 quotes and 1 backslash escape to 2 bytes each, the control byte to 6; then "", and ,
        assertEquals(12 + 5 + 5 + 3, LineReader.jsonCost(line, 0, line.length));
    }

    @Test
    void tooLongLinesAreSkippedAndCounted() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "ok\n" + "x".repeat(50) + "\nfine\n");
        LineReader.Chunk first = LineReader.read(file, 0, 20, 10);
        assertEquals(List.of("ok"), first.lines());
        LineReader.Chunk second = LineReader.read(file, first.endByte(), 20, 10);
        assertEquals(1, second.skipped());
        assertEquals(List.of(), second.lines());
        assertEquals(List.of("fine"), LineReader.read(file, second.endByte(), 20, 10).lines());
    }

    @Test
    void skipLinesFindsThePositionAfterNLines() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "a\nbb\nccc\n");
        assertEquals(5, LineReader.skipLines(file, 0, 2, 100));
        assertEquals(9, LineReader.skipLines(file, 2, 2, 100));
        assertEquals(-1, LineReader.skipLines(file, 0, 4, 100));
    }

    @Test
    void aMissingFileReadsAsEmpty() throws Exception {
        assertTrue(LineReader.read(dir.resolve("absent"), 0, 100, 10).isEmpty());
    }
}
