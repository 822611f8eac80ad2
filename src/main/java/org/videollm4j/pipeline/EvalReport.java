package org.videollm4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Aggregates {@link EvalHarness} results per method x set (accuracy overall and per kind, mean visual tokens,
 * KV bytes and time) and per method as a V-NIAH-style grid (needle depth x video length, accuracy of the
 * needle questions in each cell), and writes {@code results.json}, {@code results.md} and a self-contained
 * {@code heatmap.html} (a coloured table, no scripts, no network).
 */
public final class EvalReport {
    /** correct / total. */
    public record Score(int correct, int total) {
        public double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }

        Score plus(boolean ok) {
            return new Score(correct + (ok ? 1 : 0), total + 1);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("correct", correct);
            m.put("total", total);
            m.put("accuracy", accuracy());
            return m;
        }
    }

    /** One line of the table: a method on a set. */
    public record Row(String method, String set, double videoS, Score overall, Map<String, Score> byKind,
                      double visualTokens, double kvVisualTokens, double kvBytes, double timeMs, int errors) {
    }

    /** A method's needle grid: rows = depths, columns = lengths (seconds); null where no question fell. */
    public record Grid(String method, List<Double> depths, List<Double> lengths, Score[][] cells) {
    }

    private EvalReport() {
    }

    public static List<Row> rows(List<EvalHarness.QuestionResult> results) {
        Map<String, List<EvalHarness.QuestionResult>> groups = new LinkedHashMap<>();
        for (EvalHarness.QuestionResult r : results) {
            groups.computeIfAbsent(r.method() + "\u0000" + r.set(), k -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        for (List<EvalHarness.QuestionResult> g : groups.values()) {
            Score all = new Score(0, 0);
            Map<String, Score> kinds = new TreeMap<>();
            double vis = 0, kvVis = 0, kv = 0, time = 0, len = 0;
            int errors = 0;
            for (EvalHarness.QuestionResult r : g) {
                all = all.plus(r.correct());
                kinds.merge(r.kind(), new Score(r.correct() ? 1 : 0, 1),
                        (a, b) -> new Score(a.correct() + b.correct(), a.total() + b.total()));
                vis += r.visualTokens();
                kvVis += r.kvVisualTokens();
                kv += r.kvBytes();
                time += r.timeMs();
                len += r.videoS();
                errors += r.error() == null ? 0 : 1;
            }
            int n = g.size();
            rows.add(new Row(g.getFirst().method(), g.getFirst().set(), len / n, all, kinds, vis / n, kvVis / n, kv / n, time / n, errors));
        }
        return rows;
    }

    /** Needle questions only; depth rounded to 0.01, length to the second. */
    public static List<Grid> grids(List<EvalHarness.QuestionResult> results) {
        Map<String, Map<Double, Map<Double, Score>>> by = new LinkedHashMap<>();
        for (EvalHarness.QuestionResult r : results) {
            if (Double.isNaN(r.needleDepth())) {
                continue;
            }
            double d = Math.round(r.needleDepth() * 100) / 100.0;
            double l = Math.round(r.videoS());
            by.computeIfAbsent(r.method(), k -> new TreeMap<>()).computeIfAbsent(d, k -> new TreeMap<>())
                    .merge(l, new Score(r.correct() ? 1 : 0, 1),
                            (a, b) -> new Score(a.correct() + b.correct(), a.total() + b.total()));
        }
        List<Grid> out = new ArrayList<>();
        by.forEach((method, m) -> {
            List<Double> depths = new ArrayList<>(m.keySet());
            TreeSet<Double> ls = new TreeSet<>();
            m.values().forEach(x -> ls.addAll(x.keySet()));
            List<Double> lengths = new ArrayList<>(ls);
            Score[][] cells = new Score[depths.size()][lengths.size()];
            for (int i = 0; i < depths.size(); i++) {
                for (int j = 0; j < lengths.size(); j++) {
                    cells[i][j] = m.get(depths.get(i)).get(lengths.get(j));
                }
            }
            out.add(new Grid(method, depths, lengths, cells));
        });
        return out;
    }

    /** Writes results.json, results.md and heatmap.html into {@code dir} (each file replaced atomically). */
    public static void write(Path dir, Map<String, Object> header, List<EvalHarness.QuestionResult> results) {
        List<Row> rows = rows(results);
        List<Grid> grids = grids(results);
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>(header);
            json.put("rows", rows.stream().map(EvalReport::rowJson).toList());
            json.put("heatmaps", grids.stream().map(EvalReport::gridJson).toList());
            json.put("questions", results.stream().map(EvalReport::questionJson).toList());
            put(dir, "results.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            put(dir, "results.md", markdown(header, rows));
            put(dir, "heatmap.html", Heatmap.html(grids));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void put(Path dir, String name, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Map<String, Object> rowJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method());
        m.put("set", r.set());
        m.put("video_s", r.videoS());
        m.put("overall", r.overall().json());
        Map<String, Object> k = new LinkedHashMap<>();
        r.byKind().forEach((a, b) -> k.put(a, b.json()));
        m.put("by_kind", k);
        m.put("visual_tokens", r.visualTokens());
        m.put("kv_visual_tokens", r.kvVisualTokens());
        m.put("kv_bytes", r.kvBytes());
        m.put("time_ms", r.timeMs());
        m.put("errors", r.errors());
        return m;
    }

    static Map<String, Object> questionJson(EvalHarness.QuestionResult q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", q.method());
        m.put("set", q.set());
        m.put("video", q.video());
        m.put("kind", q.kind());
        m.put("question", q.question());
        m.put("expected", q.expected());
        m.put("answer", q.answer());
        m.put("correct", q.correct());
        m.put("needle_depth", Double.isNaN(q.needleDepth()) ? null : q.needleDepth());
        m.put("video_s", q.videoS());
        m.put("frames_sampled", q.framesSampled());
        m.put("visual_tokens", q.visualTokens());
        m.put("kv_visual_tokens", q.kvVisualTokens());
        m.put("kv_bytes", q.kvBytes());
        m.put("time_ms", q.timeMs());
        if (q.error() != null) {
            m.put("error", q.error());
        }
        return m;
    }

    static Map<String, Object> gridJson(Grid g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", g.method());
        m.put("depths", g.depths());
        m.put("lengths_s", g.lengths());
        List<List<Object>> cells = new ArrayList<>();
        for (Score[] row : g.cells()) {
            List<Object> r = new ArrayList<>();
            for (Score s : row) {
                r.add(s == null ? null : s.json());
            }
            cells.add(r);
        }
        m.put("cells", cells);
        return m;
    }

    public static String markdown(Map<String, Object> header, List<Row> rows) {
        TreeSet<String> kinds = new TreeSet<>();
        rows.forEach(r -> kinds.addAll(r.byKind().keySet()));
        StringBuilder sb = new StringBuilder("# Evaluation results\n\n");
        header.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("\nAccuracy in %, (correct/total); visual tokens = visual tokens in the prompt, KV visual = visual"
                + " entries left in the cache (layer 0) and KV KiB = cache size, both at the end of prefill, time = one answer alone (decode + encode + prefill + generate), means per question.\n\n");
        sb.append("| method | set | video s | overall |");
        kinds.forEach(k -> sb.append(' ').append(k).append(" |"));
        sb.append(" visual tokens | KV visual | KV KiB | time ms | errors |\n|---|---|---:|---:|");
        kinds.forEach(k -> sb.append("---:|"));
        sb.append("---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.method()).append(" | ").append(r.set()).append(" | ")
                    .append(f("%.0f", r.videoS())).append(" | ").append(pct(r.overall())).append(" |");
            for (String k : kinds) {
                Score s = r.byKind().get(k);
                sb.append(' ').append(s == null ? "-" : pct(s)).append(" |");
            }
            sb.append(' ').append(f("%.0f", r.visualTokens())).append(" | ").append(f("%.0f", r.kvVisualTokens()))
                    .append(" | ").append(f("%.1f", r.kvBytes() / 1024))
                    .append(" | ").append(f("%.0f", r.timeMs())).append(" | ").append(r.errors()).append(" |\n");
        }
        return sb.toString();
    }

    static String pct(Score s) {
        return f("%.1f", 100 * s.accuracy()) + " (" + s.correct() + "/" + s.total() + ")";
    }

    static String f(String fmt, double v) {
        return String.format(Locale.ROOT, fmt, v);
    }
}
