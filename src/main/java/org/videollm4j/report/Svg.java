package org.videollm4j.report;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts (no scripts, no external references). */
final class Svg {
    /** A labelled horizontal bar. */
    record Bar(String label, double value, String text, String cssClass) {
    }

    private Svg() {
    }

    /** Horizontal bars, one per row, scaled to the largest value. */
    static String hbars(List<Bar> bars, int width) {
        int row = 26, labelW = 150, textW = 110;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int plotW = width - labelW - textW;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                width, bars.size() * row + 4, width, bars.size() * row + 4));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = i * row + 2;
            double w = Math.max(b.value() > 0 ? 2 : 0, plotW * b.value() / max);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"end\">%s</text>",
                    labelW - 8, y + 17, Html.esc(b.label())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" class=\"%s\"/>",
                    labelW, y + 3, w, row - 8, b.cssClass()));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%s</text>",
                    labelW + w + 6, y + 17, Html.esc(b.text())));
        }
        return sb.append("</svg>").toString();
    }

    /** Vertical bars (one per layer): total height {@code total[i]}, with the {@code part[i]} share drawn over it. */
    static String layerBars(int[] total, int[] part, int width, int height) {
        int n = total.length, left = 44, bottom = 22, top = 8;
        int max = 1;
        for (int t : total) {
            max = Math.max(max, t);
        }
        double bw = Math.min(40, (double) (width - left - 8) / n); // few layers: keep bars slim
        int ph = height - bottom - top;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", left, top + ph, width - 8, top + ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"end\">%d</text>", left - 6, top + 10, max));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"end\">0</text>", left - 6, top + ph));
        int labelEvery = Math.max(1, (int) Math.ceil(n / (width / 28.0)));
        for (int i = 0; i < n; i++) {
            double x = left + i * bw + bw * 0.12;
            double h = (double) ph * total[i] / max;
            double hp = (double) ph * part[i] / max;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"text-kv\"><title>layer %d: %d entries, %d visual</title></rect>",
                    x, top + ph - h, bw * 0.76, h, i, total[i], part[i]));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"visual-kv\"/>",
                    x, top + ph - hp, bw * 0.76, hp));
            if (i % labelEvery == 0) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"lbl\" text-anchor=\"middle\">%d</text>",
                        x + bw * 0.38, height - 6, i));
            }
        }
        return sb.append("</svg>").toString();
    }
}
