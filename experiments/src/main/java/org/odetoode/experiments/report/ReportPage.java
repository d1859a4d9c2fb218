package org.odetoode.experiments.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odetoode.experiments.report.Analysis.Estimate;

/**
 * The pieces every report page is made of, whatever it reports on (RL returns or supervised accuracies): number
 * formats, tables written as Markdown and HTML, figures embedded in the page, CSV fields, and the page's head.
 */
final class ReportPage {
    private ReportPage() {
    }

    /** A table: header and rows of cells (text). */
    record Table(String caption, String id, List<String> header, List<List<String>> rows) {
    }

    /** A number for a table: three significant decimals below 100, one at 100 and above. */
    static String fmt(double v) {
        return fmt(v, Math.abs(v));
    }

    /** {@code v} with the decimals that {@link #fmt(double)} gives a number of magnitude {@code scale}. */
    static String fmt(double v, double scale) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        if (scale != 0 && (scale >= 1e5 || scale < 1e-3)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, scale >= 100 ? "%.1f" : "%.3f", v);
    }

    /** An estimate and its interval, all three with the same decimals. */
    static String withCi(Estimate e) {
        double scale = Math.max(Math.abs(e.value()), Math.max(Math.abs(e.ci95().lo()), Math.abs(e.ci95().hi())));
        return fmt(e.value(), scale) + " [" + fmt(e.ci95().lo(), scale) + ", " + fmt(e.ci95().hi(), scale) + "]";
    }

    /** The JSON of an estimate: its value and its interval, null where not finite. */
    /** log10 for a plot (XChart cannot place ticks at 1e-15); an exact zero is shown at 1e-18. */
    static double[] log10(double[] v) {
        return Arrays.stream(v).map(x -> Math.log10(Math.max(x, 1e-18))).toArray();
    }

    static Map<String, Object> estimateJson(Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", finiteOrNull(e.value()));
        m.put("ci95", pair(e));
        return m;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<Double> pair(Estimate e) {
        return Arrays.asList(finiteOrNull(e.ci95().lo()), finiteOrNull(e.ci95().hi()));
    }

    /** A count of env steps: an integer with thousands separators. */
    static String steps(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,d", Math.round(v)) : "–";
    }

    /** A number for a CSV cell: an integer without decimals, empty when not finite. */
    static String num(double v) {
        return Double.isFinite(v) ? (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v)) : "";
    }

    /** A CSV field, quoted when it needs to be. */
    static String csvField(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** A CSV line of {@code values} (with its newline). */
    static String csvLine(List<String> values) {
        return String.join(",", values.stream().map(ReportPage::csvField).toList()) + "\n";
    }

    static void mdTable(StringBuilder s, Table t) {
        s.append("**").append(t.caption()).append("**\n\n");
        s.append("| ").append(String.join(" | ", t.header().stream().map(ReportPage::mdCell).toList()))
                .append(" |\n|");
        t.header().forEach(h -> s.append("---|"));
        s.append('\n');
        for (List<String> row : t.rows()) {
            s.append("| ").append(String.join(" | ", row.stream().map(ReportPage::mdCell).toList())).append(" |\n");
        }
        s.append('\n');
    }

    private static String mdCell(String v) {
        return v.replace("|", "\\|").replace("\n", " ");
    }

    /** The page's head and title: a static page, its style inline, no script. */
    static void htmlHead(StringBuilder s, String title) {
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;"
                        + "color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:left;font-size:0.9em}th{background:#f0f0f0}\n")
                .append("tr.restricted td:first-child{border-left:4px solid #1f5fbf}"
                        + "tr.unrestricted td:first-child{border-left:4px solid #d62728}\n")
                .append("tr.failed,tr.stopped,tr.incomplete,tr.diverged{background:#fff3f3}\n")
                .append("figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}"
                        + "figcaption{font-size:0.9em;color:#555}caption{text-align:left;font-weight:600;"
                        + "padding:4px 0}\n</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
    }

    static void htmlTable(StringBuilder s, Table t, List<String> rowClasses) {
        s.append("<table id=\"").append(esc(t.id())).append("\">\n<caption>").append(esc(t.caption()))
                .append("</caption>\n<thead><tr>");
        t.header().forEach(h -> s.append("<th>").append(esc(h)).append("</th>"));
        s.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            s.append(rowClasses == null ? "<tr>" : "<tr class=\"" + esc(rowClasses.get(r)) + "\">");
            t.rows().get(r).forEach(v -> s.append("<td>").append(esc(v)).append("</td>"));
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
    }

    /** Figure {@code f} = {file name, caption} of folder {@code out}, embedded as a data URL. */
    static void htmlFigure(StringBuilder s, Path out, String[] f) {
        byte[] png;
        try {
            png = Files.readAllBytes(out.resolve(f[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + f[0] + ": " + e.getMessage(), e);
        }
        s.append("<figure><img alt=\"").append(esc(f[1])).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(f[1]))
                .append(" (").append(esc(f[0])).append(")</figcaption></figure>\n");
    }

    static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
