package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionsCommandTest {
    @TempDir
    Path dir;

    /** A folder of the four IDX files, n 28x28 images each, every image a bright square. */
    private Path idxFolder(int n) throws IOException {
        return IdxFolder.write(dir, n, i -> {
            int r = i % 784 / 28;
            int c = i % 28;
            return r > 7 && r < 20 && c > 7 && c < 20 ? 200 : 0;
        });
    }

    @Test
    void writesAGridWithACleanRowAndOneRowPerCorruption() throws IOException {
        Path data = idxFolder(5);
        Path png = dir.resolve("out/grid.png");
        CliRunner.Result result = CliRunner.run("supervised", "corruptions", "--data", data.toString(), "--out",
                png.toString(), "--n", "4", "--json");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.lastLine().startsWith("{\"out\":") && result.lastLine().contains("\"corruptions\":15"));
        BufferedImage image = ImageIO.read(png.toFile());
        // 16 rows of 84-pixel cells plus gaps and title; 4 columns plus the label column
        assertEquals(24 + 16 * 88 + 4, image.getHeight());
        assertEquals(130 + 4 * 88 + 4, image.getWidth());
    }

    @Test
    void badInputExitsTwoWithOneLineNamingIt() throws IOException {
        Path data = idxFolder(3);
        Path png = dir.resolve("g.png");
        CliRunner.Result missing = CliRunner.run("supervised", "corruptions", "--data", dir.resolve("nope").toString(),
                "--out", png.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("nope") && missing.err().strip().lines().count() == 1, missing.err());

        byte[] labels = Files.readAllBytes(data.resolve("t10k-labels-idx1-ubyte"));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), java.util.Arrays.copyOf(labels, labels.length - 1));
        CliRunner.Result truncated = CliRunner.run("supervised", "corruptions", "--data", data.toString(), "--out",
                png.toString());
        assertEquals(2, truncated.exitCode());
        assertTrue(truncated.err().contains("t10k-labels-idx1-ubyte: truncated"), truncated.err());
        assertEquals(1, truncated.err().strip().lines().count());

        CliRunner.Result unknown = CliRunner.run("supervised", "corruptions", "--dataset", "cifar", "--out",
                png.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown dataset 'cifar'"), unknown.err());
        // names and severities are checked before any data is read
        CliRunner.Result badName = CliRunner.run("supervised", "corruptions", "--data", data.toString(),
                "--corruptions", "fog,smoke", "--out", png.toString());
        assertEquals(2, badName.exitCode());
        assertTrue(badName.err().contains("unknown corruption 'smoke'"), badName.err());

        CliRunner.Result badSeverity = CliRunner.run("supervised", "corruptions", "--data", data.toString(),
                "--severity", "6", "--out", png.toString());
        assertEquals(2, badSeverity.exitCode());
        assertTrue(badSeverity.err().contains("--severity 6 is out of range"), badSeverity.err());
        assertEquals(1, badSeverity.err().strip().lines().count());
        assertFalse(Files.exists(png));
    }

    @Test
    void aChosenListAtOneSeverityGivesOneRowEach() throws IOException {
        Path data = idxFolder(2);
        Path png = dir.resolve("two.png");
        CliRunner.Result result = CliRunner.run("supervised", "corruptions", "--data", data.toString(), "--out",
                png.toString(), "--corruptions", "rotate,stripe", "--severity", "5", "--n", "2");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(24 + 3 * 88 + 4, ImageIO.read(png.toFile()).getHeight());
    }
}
