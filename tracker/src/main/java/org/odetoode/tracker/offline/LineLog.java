package org.odetoode.tracker.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of newline-terminated lines ({@code wandb-history.jsonl}, {@code output.log}).
 *
 * <p>Crash safety: a line counts once its terminating newline is in the file. Appends are buffered
 * and handed to the operating system on {@link #flush()}, so a killed process keeps everything flushed;
 * a kill in the middle of a write can leave a torn last line without newline, which {@link #repair}
 * cuts off before the file is read or appended to again. Earlier lines are never rewritten.
 *
 * <p>Not thread-safe: one writer thread owns an instance.
 */
public final class LineLog implements AutoCloseable {
    private static final byte NEWLINE = '\n';

    private final FileChannel channel;
    private final ByteBuffer buffer;

    private LineLog(FileChannel channel, int bufferBytes) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bufferBytes);
    }

    /** Opens {@code file} for appending, creating it, after repairing a torn last line. */
    public static LineLog open(Path file, int bufferBytes) throws IOException {
        repair(file);
        return new LineLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), bufferBytes);
    }

    /**
     * Cuts a torn last line (bytes after the final newline) from {@code file}.
     *
     * @return how many bytes were cut; 0 if the file is whole or absent
     */
    public static long repair(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = endOfLastLine(channel, size);
            if (end < size) {
                channel.truncate(end);
                channel.force(true);
            }
            return size - end;
        }
    }

    /** The offset just past the last newline, scanning backwards in blocks. */
    private static long endOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(8192);
        long blockEnd = size;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - block.capacity());
            block.clear().limit((int) (blockEnd - blockStart));
            while (block.hasRemaining()) {
                if (channel.read(block, blockStart + block.position()) < 0) {
                    break;
                }
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == NEWLINE) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    /** Appends {@code line} (which must not contain a newline) and its newline. */
    public void append(byte[] line) throws IOException {
        append(line, 0, line.length);
    }

    /** Appends {@code length} bytes of {@code line} from {@code offset} (no newline among them) and a newline. */
    public void append(byte[] line, int offset, int length) throws IOException {
        if (length + 1 > buffer.remaining()) {
            flush();
        }
        if (length + 1 > buffer.capacity()) {
            // longer than the buffer: write it directly, in the same order
            write(ByteBuffer.wrap(line, offset, length));
            write(ByteBuffer.wrap(new byte[] {NEWLINE}));
            return;
        }
        buffer.put(line, offset, length).put(NEWLINE);
    }

    /** Hands buffered lines to the operating system: from here on they survive the process being killed. */
    public void flush() throws IOException {
        buffer.flip();
        write(buffer);
        buffer.clear();
    }

    /** Flushes and forces the file to the storage device: it survives a power loss too. */
    public void sync() throws IOException {
        flush();
        channel.force(false);
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
