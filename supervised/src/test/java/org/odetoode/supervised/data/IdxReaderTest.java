package org.odetoode.supervised.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedFilesToTheSamePixelsScaledToUnitRange() throws IOException {
        for (String gz : new String[] {"", ".gz"}) {
            Path images = IdxFixtures.write(dir.resolve("i" + gz), IdxFixtures.images(3, 4, 5));
            Path labels = IdxFixtures.write(dir.resolve("l" + gz), IdxFixtures.labels(3));
            ImageDataset data = IdxReader.read(images, labels);
            assertEquals(3, data.size());
            assertEquals(4, data.rows());
            assertEquals(5, data.cols());
            assertEquals(2, data.labels()[2]);
            assertEquals(2 / 255f, data.images()[2][0]);
            assertEquals(21 / 255f, data.images()[2][19]);
        }
    }

    private IllegalArgumentException failure(byte[] images, byte[] labels) throws IOException {
        Path i = IdxFixtures.write(dir.resolve("images-idx3-ubyte"), images);
        Path l = IdxFixtures.write(dir.resolve("labels-idx1-ubyte"), labels);
        return assertThrows(IllegalArgumentException.class, () -> IdxReader.read(i, l));
    }

    @Test
    void missingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdxReader.read(dir.resolve("nope-idx3"), dir.resolve("nope-idx1")));
        assertTrue(e.getMessage().contains("nope-idx1") && e.getMessage().contains("no such IDX file"), e.getMessage());
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        byte[] whole = IdxFixtures.images(3, 28, 28);
        IllegalArgumentException e = failure(Arrays.copyOf(whole, whole.length - 1), IdxFixtures.labels(3));
        assertTrue(e.getMessage().contains("images-idx3-ubyte") && e.getMessage().contains("truncated"),
                e.getMessage());
        e = failure(IdxFixtures.images(3, 28, 28), Arrays.copyOf(IdxFixtures.labels(3), 6));
        assertTrue(e.getMessage().contains("labels-idx1-ubyte") && e.getMessage().contains("truncated"));
    }

    @Test
    void truncatedGzipIsNamed() throws IOException {
        Path full = IdxFixtures.write(dir.resolve("full.gz"), IdxFixtures.images(50, 28, 28));
        byte[] gz = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        Path labels = IdxFixtures.write(dir.resolve("l"), IdxFixtures.labels(50));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(cut, labels));
        assertTrue(e.getMessage().contains("cut-idx3-ubyte.gz") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        // labels where images belong
        IllegalArgumentException e = failure(IdxFixtures.labels(3), IdxFixtures.labels(3));
        assertTrue(e.getMessage().contains("images-idx3-ubyte: wrong magic number 0x00000801"), e.getMessage());
    }

    @Test
    void differentCountsNameBothFiles() throws IOException {
        IllegalArgumentException e = failure(IdxFixtures.images(3, 28, 28), IdxFixtures.labels(4));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("4 labels"), e.getMessage());
    }

    @Test
    void readsDebiansFashionMnistWhenInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(DatasetLocator.FASHION_MNIST_DIR)),
                "apt-get install dataset-fashion-mnist");
        TrainTest data = DatasetLocator.load("fashion-mnist", null);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals(28, data.test().rows());
        int[] perClass = new int[10];
        for (int label : data.test().labels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertEquals(1000, count);
        }
        // the first test image is an ankle boot (class 9), the first training image too
        assertEquals(9, data.test().labels()[0]);
        assertEquals(9, data.train().labels()[0]);
    }
}
