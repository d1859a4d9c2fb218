package org.odetoode.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG figures (XChart). Restricted labels are drawn in blues and greens with thick lines, unrestricted in
 * reds, baselines in greys, so that the paper's comparison stands out; bands are 95 % bootstrap intervals.
 */
final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final Color[] RESTRICTED = {new Color(0x1f, 0x5f, 0xbf), new Color(0x1b, 0x9e, 0x5a),
        new Color(0x6a, 0x3d, 0x9a)};
    private static final Color[] UNRESTRICTED = {new Color(0xd6, 0x27, 0x28), new Color(0xff, 0x7f, 0x0e)};
    private static final Color[] BASELINE = {new Color(0x55, 0x55, 0x55), new Color(0x8c, 0x8c, 0x8c),
        new Color(0xa6, 0x76, 0x1d), new Color(0x7f, 0x7f, 0x3f), new Color(0x99, 0x66, 0x99),
        new Color(0x33, 0x88, 0x99), new Color(0xbb, 0x99, 0x55), new Color(0x44, 0x44, 0x88)};

    private Plots() {
    }

    /** Colours per label, by group and order of appearance. */
    static Map<String, Color> colours(Map<String, RunRecord.Group> labels) {
        Map<String, Color> out = new LinkedHashMap<>();
        int[] used = new int[3];
        labels.forEach((label, group) -> {
            Color[] palette = switch (group) {
                case RESTRICTED -> RESTRICTED;
                case UNRESTRICTED -> UNRESTRICTED;
                case BASELINE -> BASELINE;
            };
            out.put(label, palette[used[group.ordinal()]++ % palette.length]);
        });
        return out;
    }

    /** One row of an interval plot: a name, its point estimate, its interval and (optionally) the runs. */
    record Row(String name, RunRecord.Group group, double value, double lo, double hi, double[] runs) {
    }

    /** Pixels kept free between a row's name and the ends of the plot's data area. */
    private static final int LABEL_PAD = 6;

    /**
     * Horizontal intervals, one row per name (top to bottom): a thick line over the 95 % interval, a diamond at the
     * estimate and, if given, a dot per run; a vertical line at {@code reference} unless it is NaN.
     */
    static void intervals(Path file, String title, String xLabel, List<Row> rows, Map<String, Color> colours,
            double reference) {
        save(intervalChart(title, xLabel, rows, colours, reference), file);
    }

    /**
     * The chart that {@link #intervals} saves. Each row is named by a text under its interval rather than by a legend
     * (which would only repeat the names): centred on the interval where it fits, else moved sideways to lie within
     * the data area, and the image is widened when the longest name is wider than that area.
     */
    private static XYChart intervalChart(String title, String xLabel, List<Row> rows, Map<String, Color> colours,
            double reference) {
        XYChart chart = intervalChartWithoutNames(WIDTH, title, xLabel, rows, colours, reference);
        double[] range = xRange(rows, reference);
        if (range == null) {
            return chart; // nothing finite to place a name at
        }
        double[] widths = new double[rows.size()];
        double[] dataArea = layOut(chart, rows, widths, range);
        double widest = Arrays.stream(widths).max().orElse(0.0);
        double shortfall = widest + 2 * LABEL_PAD - (dataArea[1] - dataArea[0]);
        if (shortfall > 0) {
            // the data area is a fixed share of the plot, so widen the image by the shortfall over that share
            int width = WIDTH + (int) Math.ceil(shortfall / chart.getStyler().getPlotContentSize()) + 2;
            chart = intervalChartWithoutNames(width, title, xLabel, rows, colours, reference);
            dataArea = layOut(chart, rows, widths, range);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            double mid = Double.isFinite(row.lo()) ? (row.lo() + row.hi()) / 2 : row.value();
            if (!Double.isFinite(mid)) {
                continue;
            }
            double half = widths[r] / 2 + LABEL_PAD;
            double centre = Math.max(dataArea[0] + half, Math.min(dataArea[1] - half, chart.getScreenXFromChart(mid)));
            double y = rows.size() - 1 - r;
            chart.addAnnotation(new AnnotationText(row.name(), chart.getChartXFromCoordinate((int) Math.round(
                    centre)), y - 0.32, false));
        }
        return chart;
    }

    /**
     * Lays {@code chart} out on a scratch image; fills {@code widths} with the names' widths as XChart will draw them
     * and returns the data area's left and right ends, in pixels.
     */
    private static double[] layOut(XYChart chart, List<Row> rows, double[] widths, double[] range) {
        BufferedImage scratch = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
            for (int r = 0; r < rows.size(); r++) {
                widths[r] = new TextLayout(rows.get(r).name(), chart.getStyler().getAnnotationTextFont(),
                        g.getFontRenderContext()).getOutline(null).getBounds2D().getWidth();
            }
        } finally {
            g.dispose();
        }
        return new double[] {chart.getScreenXFromChart(range[0]), chart.getScreenXFromChart(range[1])};
    }

    /** The x range of an interval plot (its values with a margin), or null when no value is finite. */
    private static double[] xRange(List<Row> rows, double reference) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Row row : rows) {
            for (double v : new double[] {row.value(), row.lo(), row.hi(), reference}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            for (double v : row.runs() == null ? new double[0] : row.runs()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(min <= max)) {
            return null;
        }
        double pad = min < max ? 0.12 * (max - min) : Math.max(1.0, Math.abs(min)) * 0.12;
        return new double[] {min - pad, max + pad};
    }

    /** An interval plot {@code width} pixels wide, all but the rows' names. */
    private static XYChart intervalChartWithoutNames(int width, String title, String xLabel, List<Row> rows,
            Map<String, Color> colours, double reference) {
        XYChart chart = new XYChartBuilder().width(width).height(Math.max(280, 120 + 70 * rows.size())).title(title)
                .xAxisTitle(xLabel).yAxisTitle("").build();
        chart.getStyler().setLegendVisible(false);
        // one row per integer y, named by a text under its interval rather than by y ticks
        chart.getStyler().setYAxisMin(-1.0);
        chart.getStyler().setYAxisMax((double) rows.size());
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setPlotGridHorizontalLinesVisible(false);
        if (Double.isFinite(reference)) {
            chart.addAnnotation(new AnnotationLine(reference, true, false));
        }
        double[] range = xRange(rows, reference);
        if (range != null) {
            chart.getStyler().setXAxisMin(range[0]);
            chart.getStyler().setXAxisMax(range[1]);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            double y = rows.size() - 1 - r;
            Color c = colours.getOrDefault(row.name(), Color.DARK_GRAY);
            if (Double.isFinite(row.lo()) && Double.isFinite(row.hi())) {
                XYSeries ci = chart.addSeries(row.name() + " (95% CI)", new double[] {row.lo(), row.hi()},
                        new double[] {y, y});
                ci.setMarker(SeriesMarkers.NONE);
                ci.setLineColor(c);
                ci.setLineWidth(6f);
            }
            if (Double.isFinite(row.value())) {
                XYSeries point = chart.addSeries(row.name(), new double[] {row.value()}, new double[] {y});
                point.setMarker(SeriesMarkers.DIAMOND);
                point.setMarkerColor(c);
                point.setLineColor(c);
            }
            if (row.runs() != null && row.runs().length > 0) {
                double[] ys = new double[row.runs().length];
                Arrays.fill(ys, y + 0.18);
                XYSeries runs = chart.addSeries(row.name() + " runs", row.runs(), ys);
                runs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                runs.setMarker(SeriesMarkers.CIRCLE);
                runs.setMarkerColor(c);
            }
        }
        chart.getStyler().setMarkerSize(9);
        return chart;
    }

    /** Decimal pattern for env-step axes. */
    static final String STEPS = "#,###";
    /** Decimal pattern for axes in [0, 1] or so. */
    static final String FRACTION = "0.0#";
    /** Decimal pattern for an axis of epochs (XChart may put ticks between them: rounding would misplace labels). */
    static final String EPOCHS = "0.#";

    /**
     * Grouped bars: one group per category (left to right), one bar per label within it, with a whisker that covers
     * the 95 % interval (drawn symmetric: the larger of its two half-widths, since XChart's error bars are).
     *
     * @param values per label, one value per category
     * @param lo per label, the intervals' lower ends
     * @param hi per label, the intervals' upper ends
     */
    static void bars(Path file, String title, String yLabel, List<String> categories, Map<String, double[]> values,
            Map<String, double[]> lo, Map<String, double[]> hi, Map<String, Color> colours) {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, 140 + 22 * categories.size()
                * Math.max(1, values.size()))).height(HEIGHT).title(title).xAxisTitle("").yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern(FRACTION);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        values.forEach((label, v) -> {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                y.add(Double.isFinite(v[i]) ? v[i] : 0.0);
                double half = Math.max(v[i] - lo.get(label)[i], hi.get(label)[i] - v[i]);
                err.add(Double.isFinite(half) ? half : 0.0);
            }
            CategorySeries bars = chart.addSeries(label, categories, y, err);
            bars.setFillColor(colours.getOrDefault(label, Color.DARK_GRAY));
        });
        save(chart, file);
    }

    /** How a curve plot's y axis is scaled. */
    enum YAxis {
        /** Linear, range from the data. */
        LINEAR,
        /** Linear from 0 (at least to 1, so that an all-zero curve reads as zero). */
        COUNT
    }

    /** Mean curves with their bands; restricted and unrestricted thick, baselines thin and dashed. */
    static void curves(Path file, String title, String xLabel, String xPattern, String yLabel, YAxis y,
            Map<String, Analysis.Curve> curves, Map<String, RunRecord.Group> groups, Map<String, Color> colours) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern(xPattern);
        if (y == YAxis.COUNT) {
            double top = curves.values().stream().flatMapToDouble(c -> Arrays.stream(c.hi())).max()
                    .orElse(0.0);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(Math.max(1.0, top));
        }
        List<String> order = new ArrayList<>(curves.keySet());
        // baselines first so that the compared flows are drawn on top
        order.sort((a, b) -> Boolean.compare(groups.get(a) != RunRecord.Group.BASELINE,
                groups.get(b) != RunRecord.Group.BASELINE));
        for (String label : order) {
            Analysis.Curve cv = curves.get(label);
            Color c = colours.getOrDefault(label, Color.DARK_GRAY);
            int n = cv.x().length;
            double[] bx = new double[2 * n];
            double[] by = new double[2 * n];
            for (int i = 0; i < n; i++) {
                bx[i] = cv.x()[i];
                by[i] = cv.lo()[i];
                bx[2 * n - 1 - i] = cv.x()[i];
                by[2 * n - 1 - i] = cv.hi()[i];
            }
            XYSeries band = chart.addSeries(label + " band", bx, by);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setShowInLegend(false);
            XYSeries mean = chart.addSeries(label + " (n=" + cv.runs() + ")", cv.x(), cv.mean());
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(c);
            if (groups.get(label) == RunRecord.Group.BASELINE) {
                mean.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {6f, 4f}, 0f));
            } else {
                mean.setLineWidth(3f);
            }
        }
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
