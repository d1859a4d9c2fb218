package org.odetoode.experiments.gradients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a study produced: figures (each a PNG, every point also in {@code <study>.csv}), headline numbers (the
 * {@code --json} object) and, for each, a sentence saying how it was computed ({@code summary.json}). Non-finite
 * values are kept (empty in the CSV, left out of the PNG) and remembered with where they occurred.
 */
public final class Report {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final String study;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Object> headline = new LinkedHashMap<>();
    private final Map<String, String> methods = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<String> nonFinite = new ArrayList<>();
    private final List<String> diverged = new ArrayList<>();

    /** A figure: axes, how its numbers were computed, and named series. */
    private record Figure(String title, String xLabel, String yLabel, String method, boolean logX,
            Map<String, double[][]> series) {
    }

    public Report(String study) {
        this.study = study;
    }

    /** The study's name. */
    public String study() {
        return study;
    }

    /** Declares a figure; {@code method} says how its y values were computed. */
    public void figure(String name, String title, String xLabel, String yLabel, String method) {
        figures.put(name, new Figure(title, xLabel, yLabel, method, false, new LinkedHashMap<>()));
    }

    /** Declares a figure whose x axis is logarithmic (x values must be > 0). */
    public void figureLogX(String name, String title, String xLabel, String yLabel, String method) {
        figures.put(name, new Figure(title, xLabel, yLabel, method, true, new LinkedHashMap<>()));
    }

    /** Adds a series to a declared figure. */
    public void series(String figure, String name, double[] x, double[] y) {
        Figure f = figures.get(figure);
        if (f == null) {
            throw new IllegalStateException("figure " + figure + " was not declared");
        }
        f.series().put(name, new double[][] {x.clone(), y.clone()});
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                nonFinite.add("figure " + figure + ", series " + name + " at x = " + format(x[i]) + " (" + y[i] + ")");
            }
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
     * Records a point where the flow itself diverged (an unrestricted W blowing up in finite time): a finding, shown as
     * a gap in the plots and listed in summary.json, not an error of the computation.
     */
    public void failed(String where, String why) {
        diverged.add(where + ": " + why);
    }

    /** Points where the flow diverged, in order. */
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

    /** Writes {@code <figure>.png}, {@code <study>.csv} and {@code summary.json} into {@code dir}; returns the files. */
    public List<Path> write(Path dir, double elapsedSeconds) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Figure> e : figures.entrySet()) {
                written.add(png(dir.resolve(e.getKey() + ".png"), e.getValue()));
            }
            Path csv = dir.resolve(study + ".csv");
            try (Writer w = Files.newBufferedWriter(csv)) {
                w.write("figure,series,x,y\n");
                for (Map.Entry<String, Figure> e : figures.entrySet()) {
                    for (Map.Entry<String, double[][]> s : e.getValue().series().entrySet()) {
                        double[][] xy = s.getValue();
                        for (int i = 0; i < xy[0].length; i++) {
                            w.write(e.getKey() + "," + s.getKey() + "," + format(xy[0][i]) + ","
                                    + (Double.isFinite(xy[1][i]) ? format(xy[1][i]) : "") + "\n");
                        }
                    }
                }
            }
            written.add(csv);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("study", study);
            summary.put("settings", settings);
            summary.put("headline", headline);
            summary.put("methods", methods);
            Map<String, Object> figs = new LinkedHashMap<>();
            figures.forEach((k, f) -> figs.put(k, Map.of("title", f.title(), "x", f.xLabel(), "y", f.yLabel(),
                    "method", f.method(), "series", List.copyOf(f.series().keySet()))));
            summary.put("figures", figs);
            summary.put("non_finite", nonFinite);
            summary.put("diverged", diverged);
            summary.put("elapsed_s", elapsedSeconds);
            Path json = dir.resolve("summary.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(json.toFile(), summary);
            written.add(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the study output to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path png(Path file, Figure f) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(f.title()).xAxisTitle(f.xLabel())
                .yAxisTitle(f.yLabel()).build();
        chart.getStyler().setLegendVisible(f.series().size() > 1);
        chart.getStyler().setXAxisLogarithmic(f.logX());
        for (Map.Entry<String, double[][]> s : f.series().entrySet()) {
            double[][] xy = finitePoints(s.getValue());
            if (xy[0].length > 0) {
                chart.addSeries(s.getKey(), xy[0], xy[1]).setMarker(xy[0].length > 40 ? SeriesMarkers.NONE
                        : SeriesMarkers.CIRCLE);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finite values", new double[] {0}, new double[] {0});
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static double[][] finitePoints(double[][] xy) {
        int n = 0;
        for (int i = 0; i < xy[0].length; i++) {
            n += Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i]) ? 1 : 0;
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < xy[0].length; i++) {
            if (Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i])) {
                out[0][k] = xy[0][i];
                out[1][k++] = xy[1][i];
            }
        }
        return out;
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }
}
