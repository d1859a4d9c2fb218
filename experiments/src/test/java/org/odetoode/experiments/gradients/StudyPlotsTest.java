package org.odetoode.experiments.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.odetoode.modules.policy.Policies;

/**
 * What a person sees in the study plots, checked on the charts as they are written: every study at small sizes (the
 * settings of {@link GradientsCommandTest}), run in-process.
 */
class StudyPlotsTest {
    /** Every study's report, plus spectrum with other policies in another order and a depth sweep that diverges. */
    private static final Map<String, Report> REPORTS = new LinkedHashMap<>();

    @BeforeAll
    static void runStudies() {
        GradientsCommandTest.smallStudies().forEach(a -> {
            String study = (String) a.get()[0];
            REPORTS.put(study, run(study, List.of("odetoode", "odetoode-unrestricted"), sets((String[]) a.get()[1])));
        });
        REPORTS.put("spectrum with baseode first", run("spectrum", List.of("baseode", "odetoode-unrestricted"),
                Map.of("d", "4", "steps", "10")));
        // Lines of more than 40 points show their variant by sparse markers (dashes vanish on short segments).
        REPORTS.put("dense slices", run("slices", List.of("odetoode", "odetoode-unrestricted"),
                Map.of("d", "4", "steps", "10", "points", "61", "horizons", "0.5,1", "probes", "1")));
        // The unrestricted W blows up at T = 40 (step 7 of 10): one diverged point per panel of the sweep.
        REPORTS.put("diverging depth-sweep", run("depth-sweep", List.of("odetoode", "odetoode-unrestricted"),
                Map.of("d", "4", "depths", "5,10", "horizons", "1,40", "probes", "1")));
    }

    private static Report run(String name, List<String> policies, Map<String, String> sets) {
        Study study = Studies.get(name);
        StudyContext ctx = new StudyContext(study, study.usesPolicies() ? policies : List.of(), sets, 0);
        study.run(ctx);
        return ctx.report();
    }

    private static Map<String, String> sets(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String[] kv = args[i + 1].split("=", 2);
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    /** A panel's series with the chart that draws it. */
    private record Drawn(String report, String figure, Report.Panel panel, XYChart chart) {
    }

    private static List<Drawn> drawn() {
        List<Drawn> out = new ArrayList<>();
        REPORTS.forEach((name, r) -> r.figures().forEach((figure, f) -> {
            List<XYChart> charts = r.charts(figure);
            assertEquals(f.panels().size(), charts.size(), figure);
            for (int i = 0; i < charts.size(); i++) {
                out.add(new Drawn(name, figure, f.panels().get(i), charts.get(i)));
            }
        }));
        return out;
    }

    @Test
    void eachPolicyHasOneColourInEveryPlotOfEveryStudy() {
        Map<String, Set<Color>> byPolicy = new HashMap<>();
        Map<String, Map<String, Set<Color>>> byGroupPerReport = new HashMap<>();
        for (Drawn d : drawn()) {
            for (Report.Line line : d.panel().lines()) {
                XYSeries s = d.chart().getSeriesMap().get(line.name());
                if (s == null) {
                    continue; // no finite point: only its diverged marks are drawn, checked below
                }
                assertEquals(s.getLineColor(), s.getMarkerColor(), d.figure() + " " + line.name());
                byGroupPerReport.computeIfAbsent(d.report(), k -> new HashMap<>())
                        .computeIfAbsent(line.group(), k -> new HashSet<>()).add(s.getLineColor());
                if (Palette.isPolicy(line.group())) {
                    byPolicy.computeIfAbsent(line.group(), k -> new HashSet<>()).add(s.getLineColor());
                }
            }
        }
        assertEquals(Set.of("odetoode", "odetoode-unrestricted", "baseode"), byPolicy.keySet());
        byPolicy.forEach((policy, colours) -> assertEquals(Set.of(Palette.policy(policy)), colours, policy));
        byGroupPerReport.forEach((report, groups) -> {
            groups.forEach((group, colours) -> assertEquals(1, colours.size(), report + ": " + group + " " + colours));
            Set<Color> distinct = groups.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            assertEquals(groups.size(), distinct.size(), report + ": two groups share a colour: " + groups);
        });
    }

    @Test
    void theVariantsOfAPolicyDifferInLineOrMarker() {
        for (Drawn d : drawn()) {
            Map<String, Set<List<Object>>> styles = new HashMap<>();
            for (Report.Line line : d.panel().lines()) {
                XYSeries s = d.chart().getSeriesMap().get(line.name());
                if (s != null) {
                    assertTrue(s.isShowInLegend(), d.figure() + ": " + line.name());
                    assertTrue(s.getMarker() != SeriesMarkers.NONE || d.panel().lines().stream()
                            .map(Report.Line::variant).distinct().count() == 1, d.figure() + ": " + line.name());
                    List<Object> style = List.of(s.getLineStyle(), s.getMarker());
                    assertTrue(styles.computeIfAbsent(line.group(), k -> new HashSet<>()).add(style),
                            d.figure() + ": " + line.name() + " looks like another series of " + line.group());
                }
            }
        }
    }

    @Test
    void everyAxisNamesOneQuantityWithItsUnit() {
        for (Drawn d : drawn()) {
            String where = d.report() + "/" + d.figure();
            assertEquals(d.panel().y().label(), d.chart().getYAxisTitle(), where);
            assertTrue(d.chart().getYAxisTitle().matches(".+ \\(.+\\)"), where + ": " + d.chart().getYAxisTitle());
            assertTrue(d.chart().getXAxisTitle().matches(".+ \\(.+\\)"), where + ": " + d.chart().getXAxisTitle());
        }
        // The two figures that put two quantities on one axis ("value"; "count / log10 slope") now have a panel each.
        Report ce = REPORTS.get("counterexamples");
        assertEquals(List.of("state gain sigma_max (dimensionless)", "||dL/dW||(b) / ||dL/dW||(0) (dimensionless)"),
                ce.figures().get("ce4").panels().stream().map(p -> p.y().label()).toList());
        assertEquals(List.of("local minima of L (count)", "max |dL/dpsi| (time units)"),
                ce.figures().get("ce3-minima").panels().stream().map(p -> p.y().label()).toList());
    }

    /** Figures drawn linear although their values span decades, and why. */
    private static final Map<String, String> LINEAR_ON_PURPOSE = Map.of(
            "ce3", "a loss landscape whose minima touch zero: on a log axis each minimum would be a spike");

    @Test
    void valuesThatSpanTwoDecadesAreOnALogAxis() {
        int logAxes = 0;
        for (Drawn d : drawn()) {
            double[] y = d.panel().lines().stream().flatMapToDouble(l -> Arrays.stream(l.y()))
                    .filter(Double::isFinite).toArray();
            double[] x = d.panel().lines().stream().flatMapToDouble(l -> Arrays.stream(l.x()))
                    .filter(Double::isFinite).toArray();
            String where = d.report() + "/" + d.figure() + " " + d.panel().y().label();
            if (!LINEAR_ON_PURPOSE.containsKey(d.figure())) {
                assertTrue(!spansDecades(y) || d.chart().getStyler().isYAxisLogarithmic(), where);
            }
            assertTrue(!spansDecades(x) || d.chart().getStyler().isXAxisLogarithmic(), where + " (x)");
            logAxes += d.chart().getStyler().isYAxisLogarithmic() ? 1 : 0;
        }
        assertTrue(logAxes >= 4, "ce4 (two panels), ce3-minima's slope and meanfield's depth scales: " + logAxes);
    }

    /** Positive values whose largest is at least 100 times the smallest. */
    private static boolean spansDecades(double[] v) {
        double lo = Arrays.stream(v).min().orElse(Double.NaN);
        double hi = Arrays.stream(v).max().orElse(Double.NaN);
        return lo > 0 && hi / lo >= 100;
    }

    @Test
    void linearAxesLabelTicksWithALeadingZero() {
        for (Drawn d : drawn()) {
            var style = d.chart().getStyler();
            if (!style.isYAxisLogarithmic()) {
                assertNotNull(style.getyAxisTickLabelsFormattingFunction(), d.figure());
                assertEquals("0.08", style.getyAxisTickLabelsFormattingFunction().apply(0.08), d.figure());
            }
            if (!style.isXAxisLogarithmic()) {
                assertNotNull(style.getxAxisTickLabelsFormattingFunction(), d.figure());
                assertEquals("-0.06", style.getxAxisTickLabelsFormattingFunction().apply(-0.06), d.figure());
            }
        }
        assertEquals("0.3", Report.tick(0.1 + 0.2));
        assertEquals("0", Report.tick(-0.0));
        assertEquals("2.5", Report.tick(2.5));
        assertEquals("1500", Report.tick(1500));
        assertEquals("1e-05", Report.tick(1e-5));
        assertEquals("-1.25e+12", Report.tick(-1.25e12));
    }

    @Test
    void divergedPointsAreMarkedAboveTheDataInTheirSeriesColour() {
        Report sweep = REPORTS.get("diverging depth-sweep");
        assertFalse(sweep.diverged().isEmpty());
        int marked = 0;
        for (Drawn d : drawn()) {
            if (!d.report().equals("diverging depth-sweep")) {
                continue;
            }
            double top = d.panel().lines().stream().flatMapToDouble(l -> Arrays.stream(l.y()))
                    .filter(Double::isFinite).max().orElseThrow();
            for (Report.Line line : d.panel().lines()) {
                int n = line.divergedCount();
                if (n == 0) {
                    continue;
                }
                assertTrue(line.group().equals("odetoode-unrestricted") && line.variant().equals("T=40"), line.name());
                XYSeries mark = d.chart().getSeriesMap().get(line.name() + " diverged (" + n + ")");
                assertNotNull(mark, d.figure() + ": no mark for " + line.name() + " in " + d.chart().getSeriesMap()
                        .keySet());
                assertEquals(SeriesMarkers.CROSS, mark.getMarker());
                assertEquals(Palette.policy("odetoode-unrestricted"), mark.getMarkerColor());
                assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, mark.getXYSeriesRenderStyle());
                double[] xs = new double[n];
                int k = 0;
                for (int i = 0; i < line.x().length; i++) {
                    if (line.diverged()[i]) {
                        xs[k++] = line.x()[i];
                    }
                }
                assertEquals(Arrays.toString(xs), Arrays.toString(mark.getXData()), d.figure());
                for (double y : mark.getYData()) {
                    assertTrue(y > top, d.figure() + ": mark at " + y + " not above the data (" + top + ")");
                    assertTrue(y <= d.chart().getStyler().getYAxisMax(), d.figure() + ": mark outside the plot");
                }
                assertEquals(n, d.panel().divergedPoints());
                marked++;
            }
        }
        assertEquals(4, marked, "each of the four depth-sweep plots marks the diverged points");
    }

    @Test
    void paletteGivesEveryPolicyItsOwnColourAndOthersTheRest() {
        assertTrue(Palette.COLOURS.size() > Policies.NAMES.size());
        assertEquals(Policies.NAMES.size(), Policies.NAMES.stream().map(Palette::policy).distinct().count());
        Map<String, Color> assigned = Palette.assign(List.of("tanh", "odetoode-unrestricted", "relu"));
        assertEquals(Palette.policy("odetoode-unrestricted"), assigned.get("odetoode-unrestricted"));
        assertEquals(Palette.COLOURS.get(0), assigned.get("tanh"));
        assertEquals(Palette.COLOURS.get(2), assigned.get("relu"), "relu skips the colour the policy holds");
        assertThrows(IllegalArgumentException.class, () -> Palette.policy("tanh"));
    }

    @Test
    void logAxesFallBackToLinearWhereTheValuesSpanLittle() {
        assertEquals(Report.Scale.LINEAR, Report.Scale.of(false, new double[] {1, 1000}));
        assertEquals(Report.Scale.LINEAR, Report.Scale.of(true, new double[] {1, 2.9}));
        assertEquals(Report.Scale.LOG, Report.Scale.of(true, new double[] {1, Double.NaN, 3}));
        assertEquals(Report.Scale.LOG, Report.Scale.of(true, new double[] {0.2, 5.9}));
        assertEquals(Report.Scale.LOG_DECADES, Report.Scale.of(true, new double[] {1, 148}));
        assertEquals(Report.Scale.LINEAR, Report.Scale.of(true, new double[] {0, 148}), "zero has no logarithm");
        assertEquals(Report.Scale.LINEAR, Report.Scale.of(true, new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Axis.linear("t", " "));
    }
}
