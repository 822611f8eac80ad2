package org.videollm4j.bench.scaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The scaling plot as one self-contained SVG (no scripts, fonts or links): left, wall time of the {@code ask} JVM
 * against video length; right, heap in use at its peak (solid) and live after GC (dashed). Length is on a
 * log scale (1 to 60 minutes spans 60x); one colour per method; a cell that did not run has no point, and the
 * legend says how many such cells a method has.
 */
public final class ScalingPlot {
    static final int PANEL_W = 420, PANEL_H = 300, LEFT = 62, RIGHT = 14, TOP = 34, BOTTOM = 46, INSET = 14;
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

    private ScalingPlot() {
    }

    /** A point of one line: length in minutes and a value. */
    record Point(double minutes, double value) {
    }

    public static String svg(List<ScalingCell> cells) {
        Map<String, List<ScalingCell>> byMethod = new LinkedHashMap<>();
        for (ScalingCell c : cells) {
            byMethod.computeIfAbsent(c.method(), k -> new ArrayList<>()).add(c);
        }
        TreeSet<Double> lengths = new TreeSet<>();
        cells.forEach(c -> lengths.add(c.minutes()));
        int width = 2 * PANEL_W, height = PANEL_H + 24 + 18 * ((byMethod.size() + 1) / 2 + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        Map<String, List<Point>> time = new LinkedHashMap<>(), peak = new LinkedHashMap<>(), live = new LinkedHashMap<>();
        byMethod.forEach((m, cs) -> {
            time.put(m, points(cs, c -> c.wallMs() / 1000.0));
            peak.put(m, points(cs, c -> c.peakHeapBytes() / 1048576.0));
            live.put(m, points(cs, c -> c.gc().maxAfterBytes() / 1048576.0));
        });
        panel(sb, 0, "ask wall time (s), fresh JVM", lengths, List.of(time), List.of(""));
        panel(sb, PANEL_W, "heap (MiB): peak in use, - - live after GC", lengths, List.of(peak, live), List.of("", "6,4"));
        int i = 0, ly = PANEL_H + 24;
        for (Map.Entry<String, List<ScalingCell>> e : byMethod.entrySet()) {
            long missing = e.getValue().stream().filter(c -> !c.ok()).count();
            int x = 20 + (i % 2) * PANEL_W, y = ly + 18 * (i / 2);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"/>",
                    x, y - 4, x + 24, y - 4, colour(i)));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s%s</text>%n", x + 30, y, esc(e.getKey()),
                    missing == 0 ? "" : " (" + missing + " length" + (missing == 1 ? "" : "s") + " did not run)"));
            i++;
        }
        return sb.append("</svg>\n").toString();
    }

    private static List<Point> points(List<ScalingCell> cs, java.util.function.ToDoubleFunction<ScalingCell> f) {
        List<Point> out = new ArrayList<>();
        for (ScalingCell c : cs) {
            if (c.ok()) {
                out.add(new Point(c.minutes(), f.applyAsDouble(c)));
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Point::minutes));
        return out;
    }

    /** One panel at x offset {@code x0}: axes, ticks at the measured lengths, a polyline per method and series. */
    private static void panel(StringBuilder sb, int x0, String title, TreeSet<Double> lengths,
                              List<Map<String, List<Point>>> series, List<String> dashes) {
        double max = 0;
        for (Map<String, List<Point>> s : series) {
            for (List<Point> ps : s.values()) {
                for (Point p : ps) {
                    max = Math.max(max, p.value());
                }
            }
        }
        max = niceCeil(max);
        double lo = Math.log(lengths.first()), hi = Math.log(lengths.last());
        int pw = PANEL_W - LEFT - RIGHT, ph = PANEL_H - TOP - BOTTOM;
        int left = x0 + LEFT, bottom = TOP + ph;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>%n", left, esc(title)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>", left, TOP, left, bottom));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, bottom, left + pw, bottom));
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double y = bottom - ph * k / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", left + 1, y, left + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, label(v)));
        }
        for (double m : lengths) {
            double x = xOf(m, lo, hi, left, pw);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>", x, bottom, x, bottom + 4));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, bottom + 17, ScalingBench.fmt(m)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">video length (minutes, log scale; 1 frame/s)</text>%n",
                left + pw / 2, bottom + 36));
        for (int s = 0; s < series.size(); s++) {
            int i = 0;
            for (List<Point> ps : series.get(s).values()) {
                StringBuilder pts = new StringBuilder();
                for (Point p : ps) {
                    double x = xOf(p.minutes(), lo, hi, left, pw), y = bottom - ph * p.value() / max;
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y, colour(i)));
                }
                sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                        pts.toString().strip(), colour(i), dashes.get(s).isEmpty() ? "" : " stroke-dasharray=\"" + dashes.get(s) + "\""));
                i++;
            }
        }
    }

    /** x of a length: log scale, inset {@link #INSET} px from both ends so points clear the y axis. */
    static double xOf(double minutes, double lo, double hi, int left, int pw) {
        int w = pw - 2 * INSET;
        return hi > lo ? left + INSET + w * (Math.log(minutes) - lo) / (hi - lo) : left + pw / 2.0;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v} (1 for v <= 0). */
    static double niceCeil(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
