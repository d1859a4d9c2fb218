package org.odetoode.supervised.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of the MNIST layout (big-endian; magic 0x00000803 for unsigned-byte images N x rows x cols,
 * 0x00000801 for unsigned-byte labels N), plain or gzipped (a name ending in .gz). Every defect of a file is an
 * {@link IllegalArgumentException} whose message names the file: missing, truncated, wrong magic, count mismatch.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an images file and its labels file into one dataset, pixels scaled to [0, 1]. */
    public static ImageDataset read(Path imagesFile, Path labelsFile) {
        int[] labels = readLabels(labelsFile);
        Images images = readImages(imagesFile);
        if (images.pixels.length != labels.length) {
            throw new IllegalArgumentException(imagesFile + " holds " + images.pixels.length + " images but "
                    + labelsFile + " holds " + labels.length + " labels: they must be the same split");
        }
        return new ImageDataset(images.rows, images.cols, images.pixels, labels);
    }

    private record Images(int rows, int cols, float[][] pixels) {
    }

    private static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "images");
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException(file + ": bad IDX header (" + n + " x " + rows + " x " + cols
                        + ")");
            }
            float[][] pixels = new float[n][rows * cols];
            byte[] buffer = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(buffer);
                for (int p = 0; p < buffer.length; p++) {
                    pixels[i][p] = (buffer[p] & 0xFF) / 255f;
                }
            }
            return new Images(rows, cols, pixels);
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "labels");
            int n = in.readInt();
            if (n < 0) {
                throw new IllegalArgumentException(file + ": bad IDX header (" + n + " labels)");
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such IDX file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static void checkMagic(Path file, int magic, int expected, String what) {
        if (magic != expected) {
            throw new IllegalArgumentException(String.format("%s: wrong magic number 0x%08X for an IDX %s file"
                    + " (expected 0x%08X)", file, magic, what, expected));
        }
    }

    private static IllegalArgumentException truncated(Path file) {
        return new IllegalArgumentException(file + ": truncated IDX file (ends before the count in its header)");
    }

    private static RuntimeException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new IllegalArgumentException(file + ": no such IDX file");
        }
        // a corrupt gzip stream is bad input too; other I/O failures are the machine's
        if (e instanceof java.util.zip.ZipException) {
            return new IllegalArgumentException(file + ": not a valid gzip file (" + e.getMessage() + ")");
        }
        return new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
}
