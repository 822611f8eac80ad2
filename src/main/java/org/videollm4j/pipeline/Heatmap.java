package org.videollm4j.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * The V-NIAH-style page: per method a table, needle depth down, video length across, each cell coloured by
 * the accuracy of the needle questions in it (red 0% to green 100%) and showing correct/total. Plain HTML
 * with inline styles: opens offline, no scripts.
 */
final class Heatmap {
    private Heatmap() {
    }

    static String html(List<EvalReport.Grid> grids) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>videollm4j needle heatmap</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}
                td,th{border:1px solid #999;padding:6px 10px;text-align:center;font-size:14px}
                th{background:#eee}caption{font-weight:bold;text-align:left;padding:4px 0}</style></head><body>
                <h1>Needle in a video: accuracy by needle depth and video length</h1>
                <p>Rows: where the needle card appears (0 = start, 1 = end). Columns: video length in seconds.
                Cell: accuracy of the needle questions, correct/total; empty = no question.</p>
                """);
        if (grids.isEmpty()) {
            sb.append("<p>No needle questions were evaluated.</p>\n");
        }
        for (EvalReport.Grid g : grids) {
            sb.append("<table><caption>").append(esc(g.method())).append("</caption>\n<tr><th>depth \\ length</th>");
            for (double l : g.lengths()) {
                sb.append("<th>").append(String.format(Locale.ROOT, "%.0f s", l)).append("</th>");
            }
            sb.append("</tr>\n");
            for (int i = 0; i < g.depths().size(); i++) {
                sb.append("<tr><th>").append(String.format(Locale.ROOT, "%.2f", g.depths().get(i))).append("</th>");
                for (EvalReport.Score s : g.cells()[i]) {
                    if (s == null) {
                        sb.append("<td></td>");
                        continue;
                    }
                    double a = s.accuracy();
                    sb.append(String.format(Locale.ROOT,
                            "<td style=\"background:hsl(%.0f,65%%,72%%)\" title=\"%d/%d\">%.0f%%<br><small>%d/%d</small></td>",
                            120 * a, s.correct(), s.total(), 100 * a, s.correct(), s.total()));
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
