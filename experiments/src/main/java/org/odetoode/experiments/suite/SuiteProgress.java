package org.odetoode.experiments.suite;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress over a suite's cells on stderr: on a terminal one bar rewritten in place (done/total, running, failed,
 * percent of the work, ETA); otherwise a plain line whenever a cell starts or ends. Work is counted in each cell's
 * env-step bound, so a long cell weighs more than a short one; the ETA extrapolates this session's rate.
 */
final class SuiteProgress {
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final int total;
    private final double totalWork;
    private final Map<String, Double> weight = new HashMap<>();
    private final Map<String, Double> fraction = new HashMap<>();
    private final long started = System.nanoTime();
    private final double workAtStart;
    private int done;
    private int failed;
    private int running;
    private long lastDraw;

    /**
     * @param weights every cell's work weight
     * @param initial the share of its budget each cell has spent when this session starts (1 for a finished one)
     */
    SuiteProgress(PrintWriter err, boolean terminal, Map<String, Double> weights, Map<String, Double> initial,
            int alreadyDone, int alreadyFailed) {
        this.err = err;
        this.terminal = terminal;
        this.total = weights.size();
        this.weight.putAll(weights);
        this.totalWork = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        this.fraction.putAll(initial);
        this.done = alreadyDone;
        this.failed = alreadyFailed;
        this.workAtStart = work();
    }

    /** A cell starts; {@code how}: new, resumed from iteration K, or started over. */
    synchronized void started(String cell, String how) {
        running++;
        if (!terminal) {
            err.println("suite: start " + cell + " (" + how + ")");
            err.flush();
        } else {
            draw(true);
        }
    }

    /** A running cell has spent {@code share} of its budget. */
    synchronized void advanced(String cell, double share) {
        fraction.put(cell, Math.min(1.0, share));
        if (terminal) {
            draw(false);
        }
    }

    /** A cell ended: done, failed, or stopped (pending) with a checkpoint, with a one-line summary. */
    synchronized void ended(String cell, CellState.State state, String summary) {
        running--;
        if (state == CellState.State.DONE) {
            done++;
            fraction.put(cell, 1.0);
        } else if (state == CellState.State.FAILED) {
            failed++;
            fraction.put(cell, 1.0);
        }
        if (terminal) {
            err.print("\r\033[K");
        }
        String word = state == CellState.State.PENDING ? "stopped" : state.key();
        err.println("suite: " + word + " " + cell + ": " + summary + "  [" + status() + "]");
        if (terminal) {
            draw(true);
        }
        err.flush();
    }

    /** Ends the bar's line. */
    synchronized void close() {
        if (terminal) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double share = totalWork > 0 ? work() / totalWork : 0;
        int width = 24;
        int filled = (int) Math.round(share * width);
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + status());
        err.flush();
    }

    private String status() {
        double share = totalWork > 0 ? work() / totalWork : 0;
        return String.format("%d/%d done, %d running, %d failed, %.0f%%, ETA %s", done, total, running, failed,
                100 * share, eta());
    }

    private double work() {
        double w = 0;
        for (Map.Entry<String, Double> e : fraction.entrySet()) {
            w += weight.getOrDefault(e.getKey(), 0.0) * e.getValue();
        }
        return w;
    }

    private String eta() {
        double gained = work() - workAtStart;
        double elapsed = (System.nanoTime() - started) * 1e-9;
        if (gained <= 0 || elapsed < 1) {
            return "?";
        }
        double seconds = (totalWork - work()) * elapsed / gained;
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
