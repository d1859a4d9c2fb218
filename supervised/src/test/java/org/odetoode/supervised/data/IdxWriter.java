package org.odetoode.supervised.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Test helper: writes a dataset as the four standard IDX files that {@link DatasetLocator#loadIdxFolder} reads. */
final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes {@code data} into {@code dir} (created if needed), gzipped when {@code gzip}. */
    public static void writeFolder(TrainTest data, Path dir, boolean gzip) {
        String gz = gzip ? ".gz" : "";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        write(data.train(), dir.resolve("train-images-idx3-ubyte" + gz), dir.resolve("train-labels-idx1-ubyte" + gz));
        write(data.test(), dir.resolve("t10k-images-idx3-ubyte" + gz), dir.resolve("t10k-labels-idx1-ubyte" + gz));
    }

    /** Writes the images (pixels rounded to bytes) and the labels, each file gzipped when its name ends in .gz. */
    public static void write(ImageDataset data, Path imagesFile, Path labelsFile) {
        try (DataOutputStream out = open(imagesFile)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(data.size());
            out.writeInt(data.rows());
            out.writeInt(data.cols());
            for (float[] image : data.images()) {
                for (float v : image) {
                    out.writeByte(Math.round(Math.max(0, Math.min(1, v)) * 255));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + imagesFile + ": " + e.getMessage(), e);
        }
        try (DataOutputStream out = open(labelsFile)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(data.size());
            for (int label : data.labels()) {
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + labelsFile + ": " + e.getMessage(), e);
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(
                file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw, 1 << 16));
    }
}
