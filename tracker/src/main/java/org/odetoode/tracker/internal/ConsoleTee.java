package org.odetoode.tracker.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Copies System.out and System.err into the run's output while passing everything through, like
 * wandb's console capture. Lines from System.err are marked with {@code ERROR }, as W&B shows them.
 */
public final class ConsoleTee implements AutoCloseable {
    private final PrintStream originalOut;
    private final PrintStream originalErr;

    private ConsoleTee(Consumer<String> lines) {
        this.originalOut = System.out;
        this.originalErr = System.err;
        System.setOut(new PrintStream(new LineSplitter(originalOut, lines, ""), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineSplitter(originalErr, lines, RunWriter.STDERR_MARK), true, StandardCharsets.UTF_8));
    }

    /** Starts copying complete lines of both streams to {@code lines}. */
    public static ConsoleTee install(Consumer<String> lines) {
        return new ConsoleTee(lines);
    }

    /** Puts the original streams back; an unfinished last line is copied too. */
    @Override
    public void close() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(originalOut);
        System.setErr(originalErr);
        out.close();
        err.close();
    }

    private static final class LineSplitter extends OutputStream {
        private final OutputStream passThrough;
        private final Consumer<String> lines;
        private final String prefix;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(OutputStream passThrough, Consumer<String> lines, String prefix) {
            this.passThrough = passThrough;
            this.lines = lines;
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            try {
                passThrough.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                // the console failing must not stop the copy to output.log
            }
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(bytes, start, offset + length - start);
        }

        private void emit() {
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            lines.accept(prefix + (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
        }

        @Override
        public synchronized void flush() {
            try {
                passThrough.flush();
            } catch (java.io.IOException e) {
                // as in write
            }
        }

        @Override
        public synchronized void close() {
            if (pending.size() > 0) {
                emit();
            }
            flush();
        }
    }
}
