package org.odetoode.tracker.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads whole lines from a {@link LineLog} that may still be growing: a last line without its newline
 * is not there yet. Memory is bounded by the byte budget of a call, whatever the file's length.
 */
public final class LineReader {
    private LineReader() {
    }

    /**
     * Lines read from one position.
     *
     * @param lines   the sendable lines, without newlines
     * @param endByte the position after the last line consumed
     * @param skipped lines consumed but over the line limit
     * @param cost    the bytes the lines take in a JSON request body
     */
    public record Chunk(List<String> lines, long endByte, long skipped, long cost) {
        /** Whether nothing was consumed. */
        public boolean isEmpty() {
            return lines.isEmpty() && skipped == 0;
        }
    }

    /**
     * Reads the whole lines after {@code fromByte} whose cost in a JSON request body (the line as a
     * JSON string, with its escapes, quotes and separating comma) adds up to at most {@code budgetBytes}.
     * A line costing more than {@code maxLineBytes} is consumed and counted as skipped.
     */
    public static Chunk read(Path file, long fromByte, int budgetBytes, int maxLineBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long available = channel.size() - fromByte;
            if (available <= 0) {
                return new Chunk(List.of(), fromByte, 0, 0);
            }
            // a line costs at least its raw bytes, so the budget in raw bytes holds every line that can fit
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(budgetBytes, available));
            readFully(channel, buffer, fromByte);
            byte[] bytes = buffer.array();
            List<String> lines = new ArrayList<>();
            long skipped = 0;
            long cost = 0;
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                int lineCost = jsonCost(bytes, start, i);
                if (lineCost > maxLineBytes) {
                    skipped++;
                } else if (cost + lineCost > budgetBytes) {
                    break;
                } else {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    cost += lineCost;
                }
                start = i + 1;
            }
            if (start == 0 && bytes.length >= maxLineBytes) {
                // no newline within the limit: the line is too long; consume it once it is complete
                long afterLine = findNewline(channel, fromByte + bytes.length);
                if (afterLine > 0) {
                    return new Chunk(List.of(), afterLine, 1, 0);
                }
            }
            return new Chunk(lines, fromByte + start, skipped, cost);
        } catch (NoSuchFileException e) {
            return new Chunk(List.of(), fromByte, 0, 0);
        }
    }

    /** Bytes of {@code bytes[from, to)} as a JSON string in a list: escapes, two quotes and a comma. */
    public static int jsonCost(byte[] bytes, int from, int to) {
        int cost = 3;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || b == '\t' || b == '\r' || b == '\b' || b == '\f') {
                cost += 2;
            } else if (b >= 0 && b < 0x20) {
                cost += 6;
            } else {
                cost += 1;
            }
        }
        return cost;
    }

    /** What to do with each line of a file. */
    @FunctionalInterface
    public interface LineAction {
        void accept(String line) throws IOException;
    }

    /**
     * Calls {@code action} with every whole line of {@code file}, in order, reading chunks of at most
     * {@code chunkBytes}; longer lines are passed over.
     */
    public static void forEach(Path file, int chunkBytes, LineAction action) throws IOException {
        long position = 0;
        while (true) {
            Chunk chunk = read(file, position, chunkBytes, chunkBytes);
            if (chunk.isEmpty()) {
                return;
            }
            for (String line : chunk.lines()) {
                action.accept(line);
            }
            position = chunk.endByte();
        }
    }

    /**
     * The position after the {@code count}-th sendable line following {@code fromByte}, for catching
     * up with a server that already holds lines whose acceptance was never recorded locally.
     *
     * @return the position, or -1 if the file holds fewer sendable lines
     */
    public static long skipLines(Path file, long fromByte, long count, int maxLineBytes) throws IOException {
        long position = fromByte;
        long remaining = count;
        while (remaining > 0) {
            Chunk chunk = read(file, position, maxLineBytes, maxLineBytes);
            if (chunk.isEmpty()) {
                return -1;
            }
            long take = Math.min(remaining, chunk.lines().size());
            if (take == chunk.lines().size()) {
                position = chunk.endByte();
            } else {
                for (int i = 0; i < take; i++) {
                    position += chunk.lines().get(i).getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
            remaining -= take;
        }
        return position;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank while reading at byte " + (position + buffer.position()));
            }
        }
    }

    /** The position after the next newline at or after {@code from}, or -1 if none yet. */
    private static long findNewline(FileChannel channel, long from) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long position = from;
        while (true) {
            block.clear();
            int n = channel.read(block, position);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (block.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += n;
        }
    }
}
