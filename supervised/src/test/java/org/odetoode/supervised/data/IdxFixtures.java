package org.odetoode.supervised.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: image i has pixel p = (i + p) mod 256, label i mod 10. */
public final class IdxFixtures {
    private IdxFixtures() {
    }

    public static byte[] images(int n, int rows, int cols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    out.writeByte((i + p) % 256);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] labels(int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code bytes} to {@code file}, gzipped when the name ends in .gz. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    /** A folder with the four standard files: {@code train} and {@code test} 28x28 images. */
    public static Path folder(Path dir, int train, int test, boolean gzip) {
        IdxWriter.writeFolder(new TrainTest(dataset(train), dataset(test), "fixture"), dir, gzip);
        return dir;
    }

    private static ImageDataset dataset(int n) {
        float[][] images = new float[n][784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                images[i][p] = ((i + p) % 256) / 255f;
            }
            labels[i] = i % 10;
        }
        return new ImageDataset(28, 28, images, labels);
    }
}
