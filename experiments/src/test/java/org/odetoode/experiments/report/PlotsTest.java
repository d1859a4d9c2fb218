package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChartBuilder;

/**
 * Interval plots name each row inside the plot: the names must be drawn whole, inside the plot box. Where a name is
 * drawn is found from the images alone: two plots that differ only in the rows' names (same length, other letters)
 * differ exactly where the names are drawn.
 */
class PlotsTest {
    private static final Color BORDER = new XYChartBuilder().build().getStyler().getPlotBorderColor();

    @TempDir
    Path dir;

    @Test
    void longNamesNearTheEdgesAreDrawnWholeInsideThePlotBox() throws IOException {
        // the report's own case: six supervised runs outside a suite, a name centred on an interval near the left
        String clean = "odetoode(d=64,steps=10) > odetoode-unrestricted(d=64,steps=10) (clean accuracy)";
        String corrupted = "odetoode-unrestricted(d=64,steps=10): corrupted";
        assertNamesInsidePlotBox(List.of(new Plots.Row(clean, RunRecord.Group.RESTRICTED, 0.44, 0.0, 1.0, null),
                new Plots.Row(corrupted, RunRecord.Group.UNRESTRICTED, 0.52, 0.51, 0.53,
                        new double[] {0.505, 0.52, 0.53}),
                new Plots.Row("short", RunRecord.Group.BASELINE, 0.9, 0.89, 0.91, null)), 0.5);
    }

    @Test
    void aNameWiderThanTheDefaultImageWidensIt() throws IOException {
        String name = "odetoode(d=64,steps=10,lr=0.01,population=256,sigma=0.02,antithetic=true) > "
                + "odetoode-unrestricted(d=64,steps=10,lr=0.01,population=256,sigma=0.02) (mean corrupted accuracy)";
        BufferedImage image = assertNamesInsidePlotBox(
                List.of(new Plots.Row(name, RunRecord.Group.RESTRICTED, 0.1, 0.05, 0.15, null)), Double.NaN);
        assertTrue(image.getWidth() > 900, "width " + image.getWidth());
    }

    @Test
    void shortNamesKeepTheDefaultSize() throws IOException {
        BufferedImage image = assertNamesInsidePlotBox(List.of(
                new Plots.Row("odetoode", RunRecord.Group.RESTRICTED, -0.01, -0.2, -0.01, null),
                new Plots.Row("odetoode-unrestricted", RunRecord.Group.UNRESTRICTED, -0.12, -0.21, -0.05, null)),
                1.0);
        assertEquals(900, image.getWidth());
    }

    /** Draws the rows twice, under their names and under look-alikes; returns the first image. */
    private BufferedImage assertNamesInsidePlotBox(List<Plots.Row> rows, double reference) throws IOException {
        BufferedImage named = draw("named.png", rows, UnaryOperator.identity(), reference);
        BufferedImage renamed = draw("renamed.png", rows, PlotsTest::lookAlike, reference);
        assertEquals(named.getWidth(), renamed.getWidth(), "the names changed the image's width");
        assertEquals(named.getHeight(), renamed.getHeight(), "the names changed the image's height");
        Rectangle ink = null;
        for (int y = 0; y < named.getHeight(); y++) {
            for (int x = 0; x < named.getWidth(); x++) {
                if (named.getRGB(x, y) != renamed.getRGB(x, y)) {
                    ink = ink == null ? new Rectangle(x, y, 1, 1) : ink.union(new Rectangle(x, y, 1, 1));
                }
            }
        }
        assertTrue(ink != null, "the names were not drawn");
        Rectangle image = new Rectangle(0, 0, named.getWidth(), named.getHeight());
        Rectangle inset = new Rectangle(2, 2, image.width - 4, image.height - 4);
        assertTrue(inset.contains(ink), "names drawn at " + ink + " run off the image " + image);
        Rectangle plot = plotBox(named);
        assertTrue(plot.contains(ink), "names drawn at " + ink + " leave the plot box " + plot
                + " (onto a legend or the axes)");
        return named;
    }

    /**
     * The name with other letters inside: as wide in the names' monospaced font and with the same first and last
     * glyphs, which bound its drawn outline.
     */
    private static String lookAlike(String name) {
        String inside = name.substring(1, name.length() - 1).replace('o', 'x').replace('e', 'q').replace('d', 'b');
        return name.charAt(0) + inside + name.charAt(name.length() - 1);
    }

    private BufferedImage draw(String file, List<Plots.Row> rows, UnaryOperator<String> rename, double reference)
            throws IOException {
        List<Plots.Row> renamed = rows.stream().map(r -> new Plots.Row(rename.apply(r.name()), r.group(), r.value(),
                r.lo(), r.hi(), r.runs())).toList();
        Map<String, Color> colours = Plots.colours(renamed.stream().collect(Collectors.toMap(
                Plots.Row::name, Plots.Row::group, (a, b) -> a, LinkedHashMap::new)));
        Path path = dir.resolve(file);
        Plots.intervals(path, "title", "x", renamed, colours, reference);
        return ImageIO.read(path.toFile());
    }

    /**
     * The plot's border: its left side is the first border-coloured pixel from the left at half height, its top and
     * bottom the ends of that column's border-coloured run, its right side the end of the top side's run.
     */
    private static Rectangle plotBox(BufferedImage image) {
        int border = BORDER.getRGB();
        int mid = image.getHeight() / 2;
        int left = 0;
        while (left < image.getWidth() && image.getRGB(left, mid) != border) {
            left++;
        }
        assertTrue(left < image.getWidth(), "no plot border at half height");
        int top = mid;
        while (top > 0 && image.getRGB(left, top - 1) == border) {
            top--;
        }
        int bottom = mid;
        while (bottom + 1 < image.getHeight() && image.getRGB(left, bottom + 1) == border) {
            bottom++;
        }
        // the corners are antialiased: the top side is the row above the column's run, or its first row
        int right = left;
        for (int row = Math.max(0, top - 1); row <= top; row++) {
            int end = left;
            while (end + 1 < image.getWidth() && image.getRGB(end + 1, row) == border) {
                end++;
            }
            right = Math.max(right, end);
        }
        return new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }
}
