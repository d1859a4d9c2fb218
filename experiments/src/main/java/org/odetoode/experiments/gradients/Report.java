package org.odetoode.experiments.gradients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a study produced: figures (each a PNG of one or more panels over the same x axis, every point also in
 * {@code <study>.csv}), headline numbers (the {@code --json} object) and, for each, a sentence saying how it was
 * computed ({@code summary.json}).
 *
 * <p>Each panel plots one quantity with its unit ({@link Axis}). A series belongs to a group, a policy or e.g. an
 * activation, which sets its colour in every plot of the report ({@link Palette}), and has a variant (e.g.
 * {@code sigma_max} or {@code T=5}) which sets its line style and marker. Points where the flow diverged have no value:
 * they are drawn as crosses in the series' colour in a band above the data, and counted in the CSV and summary.json.
 * Other non-finite values are kept (empty in the CSV, left out of the PNG) and remembered with where they occurred.
 */
public final class Report {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Line style and marker of the variants of a figure, in order of first appearance. */
    private static final List<BasicStroke> STROKES = List.of(SeriesLines.SOLID, SeriesLines.DASH_DASH,
            SeriesLines.DOT_DOT, SeriesLines.DASH_DOT);
    private static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN);
    /** Series with more points than this are drawn as lines without markers. */
    private static final int MAX_MARKED_POINTS = 40;
    /** Height of the band that holds one row of diverged points, as a fraction of the data's range. */
    private static final double DIVERGED_ROW = 0.08;

    private final String study;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Object> headline = new LinkedHashMap<>();
    private final Map<String, String> methods = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<String> nonFinite = new ArrayList<>();
    private final List<String> diverged = new ArrayList<>();

    public Report(String study) {
        this.study = study;
    }

    /** The study's name. */
    public String study() {
        return study;
    }

    /** Declares a figure over the x axis {@code x}; {@code method} says how its values were computed. Add panels. */
    public Figure figure(String name, String title, Axis x, String method) {
        if (figures.containsKey(name)) {
            throw new IllegalStateException("figure " + name + " is declared twice");
        }
        Figure f = new Figure(name, title, x, method);
        figures.put(name, f);
        return f;
    }

    /** Declares a figure with a single panel and returns the panel. */
    public Panel plot(String name, String title, Axis x, Axis y, String method) {
        return figure(name, title, x, method).panel(y);
    }

    /** A figure: a title, the x axis, how its values were computed, and its panels from top to bottom. */
    public final class Figure {
        private final String name;
        private final String title;
        private final Axis x;
        private final String method;
        private final List<Panel> panels = new ArrayList<>();

        private Figure(String name, String title, Axis x, String method) {
            this.name = name;
            this.title = title;
            this.x = x;
            this.method = method;
        }

        /** Adds a panel below the others that plots the quantity of {@code y}. */
        public Panel panel(Axis y) {
            Panel p = new Panel(this, y);
            panels.add(p);
            return p;
        }

        /** The panels, top to bottom. */
        List<Panel> panels() {
            return panels;
        }
    }

    /** One plot area: a y axis with one quantity, and its series. */
    public final class Panel {
        private final Figure figure;
        private final Axis y;
        private final List<Line> lines = new ArrayList<>();

        private Panel(Figure figure, Axis y) {
            this.figure = figure;
            this.y = y;
        }

        /** Adds a series of group {@code group} (the colour) and variant {@code variant} (the line; may be empty). */
        public void series(String group, String variant, double[] x, double[] y) {
            series(group, variant, x, y, new boolean[x.length]);
        }

        /** Adds a series whose points flagged in {@code diverged} have no value: the flow diverged there. */
        public void series(String group, String variant, double[] x, double[] y, boolean[] diverged) {
            if (x.length != y.length || x.length != diverged.length) {
                throw new IllegalArgumentException("series " + group + " " + variant + ": " + x.length + " x, "
                        + y.length + " y and " + diverged.length + " flags");
            }
            Line line = new Line(group, variant, x.clone(), y.clone(), diverged.clone());
            for (int i = 0; i < y.length; i++) {
                if (diverged[i]) {
                    line.y()[i] = Double.NaN;
                } else if (!Double.isFinite(y[i])) {
                    nonFinite.add("figure " + figure.name + ", series " + line.name() + " at x = " + format(x[i])
                            + " (" + y[i] + ")");
                }
            }
            lines.add(line);
        }

        /** The y axis. */
        Axis y() {
            return y;
        }

        /** The series, in the order they were added. */
        List<Line> lines() {
            return lines;
        }

        /** Points of this panel where the flow diverged. */
        int divergedPoints() {
            return lines.stream().mapToInt(Line::divergedCount).sum();
        }
    }

    /** A series: its group sets the colour, its variant the line style and marker. */
    record Line(String group, String variant, double[] x, double[] y, boolean[] diverged) {
        /** The legend entry: group and variant. */
        String name() {
            return variant.isEmpty() ? group : group + " " + variant;
        }

        int divergedCount() {
            return (int) IntStream.range(0, diverged.length).filter(i -> diverged[i]).count();
        }
    }

    /**
     * How an axis is drawn. A log axis is linear while its positive values span less than a factor 3 (the two look
     * alike there, and XChart would label only the ends); it labels every 1..9 x 10^k up to a factor 100, and only the
     * decades beyond, where the in-between labels would overlap.
     */
    enum Scale {
        LINEAR, LOG, LOG_DECADES;

        static Scale of(boolean log, double[] values) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (!log || !(lo > 0 && hi >= lo) || hi / lo < 3) {
                return LINEAR;
            }
            return hi / lo < 100 ? LOG : LOG_DECADES;
        }
    }

    /** A headline number with how it was computed. */
    public void headline(String key, double value, String method) {
        headline.put(key, value);
        methods.put(key, method);
        if (!Double.isFinite(value)) {
            nonFinite.add("headline " + key + " (" + value + ")");
        }
    }

    /** A headline count with how it was computed. */
    public void headline(String key, long value, String method) {
        headline.put(key, value);
        methods.put(key, method);
    }

    /** Records an effective setting, written to summary.json. */
    public void setting(String key, Object value) {
        settings.put(key, value);
    }

    /**
     * Records where the flow itself diverged (an unrestricted W blowing up in finite time): a finding, marked in the
     * plots and listed in summary.json, not an error of the computation.
     */
    public void failed(String where, String why) {
        diverged.add(where + ": " + why);
    }

    /** Where the flow diverged, in order. */
    public List<String> diverged() {
        return diverged;
    }

    /** The headline numbers, in insertion order. */
    public Map<String, Object> headline() {
        return headline;
    }

    /** How each headline number was computed. */
    public Map<String, String> methods() {
        return methods;
    }

    /** Where non-finite numbers occurred in computed results, in order. */
    public List<String> nonFinite() {
        return nonFinite;
    }

    /** The declared figures, by file name. */
    Map<String, Figure> figures() {
        return figures;
    }

    /** The charts of a figure as they are written, one per panel, top to bottom. */
    List<XYChart> charts(String figure) {
        Figure f = figures.get(figure);
        Map<String, Color> colours = Palette.assign(figures.values().stream().flatMap(g -> g.panels.stream())
                .flatMap(p -> p.lines.stream()).map(Line::group).distinct().toList());
        List<String> variants = f.panels.stream().flatMap(p -> p.lines.stream()).map(Line::variant).distinct()
                .toList();
        List<XYChart> out = new ArrayList<>();
        for (Panel p : f.panels) {
            out.add(chart(f, p, out.isEmpty(), colours, variants));
        }
        return out;
    }

    private static XYChart chart(Figure f, Panel p, boolean top, Map<String, Color> colours, List<String> variants) {
        XYChart chart = new XYChartBuilder().width(900).height(f.panels.size() == 1 ? 560 : 420).title(f.title)
                .xAxisTitle(f.x.label()).yAxisTitle(p.y.label()).build();
        XYStyler style = chart.getStyler();
        style.setChartTitleVisible(top);
        Scale xScale = Scale.of(f.x.log(), p.lines.stream().flatMapToDouble(l -> Arrays.stream(l.x())).toArray());
        Scale yScale = Scale.of(p.y.log(), p.lines.stream().flatMapToDouble(l -> Arrays.stream(l.y())).toArray());
        style.setXAxisLogarithmic(xScale != Scale.LINEAR);
        style.setXAxisLogarithmicDecadeOnly(xScale == Scale.LOG_DECADES);
        style.setYAxisLogarithmic(yScale != Scale.LINEAR);
        style.setYAxisLogarithmicDecadeOnly(yScale == Scale.LOG_DECADES);
        if (xScale == Scale.LINEAR) {
            style.setxAxisTickLabelsFormattingFunction(Report::tick);
        }
        if (yScale == Scale.LINEAR) {
            style.setyAxisTickLabelsFormattingFunction(Report::tick);
        }
        for (Line line : p.lines) {
            double[][] xy = finitePoints(line);
            if (xy[0].length == 0) {
                continue;
            }
            Color colour = colours.get(line.group());
            int v = variants.indexOf(line.variant());
            Marker marker = MARKERS.get(v % MARKERS.size());
            boolean dense = xy[0].length > MAX_MARKED_POINTS;
            XYSeries s = chart.addSeries(dense && variants.size() > 1 ? line.name() + " line" : line.name(), xy[0],
                    xy[1]);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setLineStyle(STROKES.get(v % STROKES.size()));
            s.setMarker(dense ? SeriesMarkers.NONE : marker);
            if (dense && variants.size() > 1) {
                // Dashes restart on every short segment of a dense line, so its variant shows by markers at
                // MAX_MARKED_POINTS / 4 of its points instead; they carry the legend entry.
                s.setShowInLegend(false);
                int every = (int) Math.ceil(xy[0].length / (MAX_MARKED_POINTS / 4.0));
                int[] at = IntStream.range(0, xy[0].length).filter(i -> i % every == every / 2).toArray();
                XYSeries marks = chart.addSeries(line.name(), Arrays.stream(at).mapToDouble(i -> xy[0][i]).toArray(),
                        Arrays.stream(at).mapToDouble(i -> xy[1][i]).toArray());
                marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                marks.setMarker(marker);
                marks.setMarkerColor(colour);
                marks.setLineColor(colour);
                marks.setLineStyle(SeriesLines.NONE);
            }
        }
        markDiverged(chart, p, yScale != Scale.LINEAR, colours);
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finite values", new double[] {0}, new double[] {0});
        }
        // A single unnamed quantity needs no legend; a policy's name always shows.
        style.setLegendVisible(chart.getSeriesMap().size() > 1
                || p.lines.stream().anyMatch(l -> Palette.isPolicy(l.group())));
        return chart;
    }

    /**
     * Draws each series' diverged points as crosses in its colour at their x, one row per series in a band above the
     * data (first series on top, as in the legend) and below a rule, with a legend entry that counts them: a point
     * without a value still shows where it is and whose it was.
     */
    private static void markDiverged(XYChart chart, Panel p, boolean logY, Map<String, Color> colours) {
        List<Line> lost = p.lines.stream().filter(l -> l.divergedCount() > 0).toList();
        if (lost.isEmpty()) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : p.lines) {
            for (double y : l.y()) {
                if (Double.isFinite(y)) {
                    double v = logY ? Math.log10(y) : y;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0.0;
            hi = 1.0;
        }
        double row = DIVERGED_ROW * (hi > lo ? hi - lo : Math.max(Math.abs(hi), 1.0));
        for (int r = 0; r < lost.size(); r++) {
            Line l = lost.get(r);
            double[] x = IntStream.range(0, l.x().length).filter(i -> l.diverged()[i]).mapToDouble(i -> l.x()[i])
                    .toArray();
            double[] y = new double[x.length];
            Arrays.fill(y, unlog(hi + (lost.size() - r) * row, logY));
            XYSeries s = chart.addSeries(l.name() + " diverged (" + x.length + ")", x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CROSS);
            s.setMarkerColor(colours.get(l.group()));
        }
        chart.addAnnotation(new AnnotationLine(unlog(hi + 0.5 * row, logY), false, false));
        chart.getStyler().setYAxisMax(unlog(hi + (lost.size() + 0.7) * row, logY));
    }

    private static double unlog(double v, boolean log) {
        return log ? Math.pow(10, v) : v;
    }

    private static double[][] finitePoints(Line line) {
        int[] keep = IntStream.range(0, line.x().length)
                .filter(i -> Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])).toArray();
        return new double[][] {
            Arrays.stream(keep).mapToDouble(i -> line.x()[i]).toArray(),
            Arrays.stream(keep).mapToDouble(i -> line.y()[i]).toArray()};
    }

    /** A tick label: at most 10 significant digits, no trailing zeros, and a zero before the point ({@code 0.08}). */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.10g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + (e < 0 ? "" : s.substring(e));
    }

    /** Writes {@code <figure>.png}, {@code <study>.csv} and {@code summary.json} into {@code dir}; returns the files. */
    public List<Path> write(Path dir, double elapsedSeconds) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String name : figures.keySet()) {
                Path png = dir.resolve(name + ".png");
                List<XYChart> charts = charts(name);
                if (charts.size() == 1) {
                    BitmapEncoder.saveBitmap(charts.get(0), png.toString(), BitmapEncoder.BitmapFormat.PNG);
                } else {
                    BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
                }
                written.add(png);
            }
            written.add(writeCsv(dir.resolve(study + ".csv")));
            written.add(writeSummary(dir.resolve("summary.json"), elapsedSeconds));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the study output to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** One row per point: the figure, the panel's quantity, the series, x, y (empty without a value) and status. */
    private Path writeCsv(Path csv) throws IOException {
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("figure,quantity,series,x,y,status\n");
            for (Figure f : figures.values()) {
                for (Panel p : f.panels) {
                    for (Line l : p.lines) {
                        for (int i = 0; i < l.x().length; i++) {
                            double y = l.y()[i];
                            String status = l.diverged()[i] ? "diverged" : Double.isFinite(y) ? "ok" : "non-finite";
                            w.write(String.join(",", csvField(f.name), csvField(p.y.label()), csvField(l.name()),
                                    format(l.x()[i]), Double.isFinite(y) ? format(y) : "", status) + "\n");
                        }
                    }
                }
            }
        }
        return csv;
    }

    private Path writeSummary(Path json, double elapsedSeconds) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("study", study);
        summary.put("settings", settings);
        summary.put("headline", headline);
        summary.put("methods", methods);
        Map<String, Object> figs = new LinkedHashMap<>();
        for (Figure f : figures.values()) {
            List<Map<String, Object>> panels = new ArrayList<>();
            for (Panel p : f.panels) {
                Map<String, Object> panel = new LinkedHashMap<>();
                panel.put("y", p.y.label());
                panel.put("log", p.y.log());
                panel.put("series", p.lines.stream().map(Line::name).toList());
                panel.put("diverged_points", p.divergedPoints());
                panels.add(panel);
            }
            Map<String, Object> fig = new LinkedHashMap<>();
            fig.put("title", f.title);
            fig.put("x", f.x.label());
            fig.put("method", f.method);
            fig.put("panels", panels);
            figs.put(f.name, fig);
        }
        summary.put("figures", figs);
        summary.put("non_finite", nonFinite);
        summary.put("diverged_count", diverged.size());
        summary.put("diverged", diverged);
        summary.put("elapsed_s", elapsedSeconds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), summary);
        return json;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }
}
