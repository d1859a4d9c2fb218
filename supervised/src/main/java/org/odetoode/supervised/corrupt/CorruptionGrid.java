package org.odetoode.supervised.corrupt;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
import javax.imageio.ImageIO;
import org.odetoode.supervised.data.ImageDataset;

/**
 * A PNG for a person to look at the corruptions: the first row the clean images, then one row per corruption of the
 * same images, one column per image, each row labelled with the corruption and its severity.
 */
public final class CorruptionGrid {
    private static final int ZOOM = 3;
    private static final int GAP = 4;
    private static final int LABEL_WIDTH = 130;
    private static final int TITLE_HEIGHT = 24;

    private CorruptionGrid() {
    }

    /**
     * Draws the first {@code n} images of {@code sample} clean and under each of {@code corruptions} at its severity
     * from {@code severityOf}, and writes {@code out}.
     */
    public static void write(ImageDataset sample, int n, List<Corruption> corruptions,
            ToIntFunction<Corruption> severityOf, long seed, String title, Path out) {
        ImageDataset images = sample.head(n);
        int cell = Images.SIDE * ZOOM;
        int rows = corruptions.size() + 1;
        int width = LABEL_WIDTH + images.size() * (cell + GAP) + GAP;
        int height = TITLE_HEIGHT + rows * (cell + GAP) + GAP;
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = png.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, GAP, TITLE_HEIGHT - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int row = 0; row < rows; row++) {
            int y = TITLE_HEIGHT + row * (cell + GAP);
            ImageDataset shown;
            String label;
            if (row == 0) {
                shown = images;
                label = "clean";
            } else {
                Corruption c = corruptions.get(row - 1);
                int severity = severityOf.applyAsInt(c);
                shown = Corruptions.apply(c, severity, images, seed);
                label = c.id() + (c.maxSeverity() > 1 ? " (" + severity + ")" : "");
            }
            g.setColor(Color.BLACK);
            g.drawString(label, GAP, y + cell / 2 + 4);
            for (int k = 0; k < shown.size(); k++) {
                drawImage(png, shown.images()[k], LABEL_WIDTH + k * (cell + GAP), y);
            }
        }
        g.dispose();
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(png, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static void drawImage(BufferedImage png, float[] image, int x0, int y0) {
        for (int r = 0; r < Images.SIDE; r++) {
            for (int c = 0; c < Images.SIDE; c++) {
                int v = Math.round(image[r * Images.SIDE + c] * 255);
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < ZOOM; dy++) {
                    for (int dx = 0; dx < ZOOM; dx++) {
                        png.setRGB(x0 + c * ZOOM + dx, y0 + r * ZOOM + dy, rgb);
                    }
                }
            }
        }
    }
}
