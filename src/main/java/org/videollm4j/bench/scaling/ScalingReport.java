package org.videollm4j.bench.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** scaling.json, scaling.md and scaling.svg of a scaling run, each written to a temporary file and moved in place. */
public final class ScalingReport {
    private ScalingReport() {
    }

    /** Writes the three files into {@code dir}; {@code machine} holds what the JSON says about the run's machine. */
    public static void write(Path dir, List<ScalingCell> cells, Map<String, Object> machine) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> root = new LinkedHashMap<>(machine);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (ScalingCell c : cells) {
            cs.add(c.toJson());
        }
        root.put("cells", cs);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        atomic(dir, "scaling.json", json + "\n");
        atomic(dir, "scaling.md", markdown(cells));
        atomic(dir, "scaling.svg", ScalingPlot.svg(cells));
    }

    /** One row per cell: frames, tokens per stage, KV, time per stage, wall time, heap; failed cells give the reason. */
    public static String markdown(List<ScalingCell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append("| min | method | frames sampled / kept | visual tokens sampled / selected / prompt / KV | KV entries (all layers) | KV KiB | decode | preprocess | vision | select + QC-Comp | prefill | generate | pipeline | JVM wall | heap peak in use / live after GC (trace) MiB |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScalingCell c : cells) {
            String method = c.method() + (c.flags().size() > 2 ? " (" + String.join(" ", c.flags().subList(2, c.flags().size())) + ")" : "");
            if (!c.ok()) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | did not run: %s |  |  |  |  |  |  |  |  |  |  | %s | %s |%n",
                        ScalingBench.fmt(c.minutes()), method, c.error().replace("|", "\\|"), secs(c.wallMs()), heap(c)));
                continue;
            }
            Map<String, Long> s = c.stagesMs();
            Map<String, Integer> v = c.visualTokens();
            long select = s.getOrDefault("select", 0L) + s.getOrDefault("qc_comp", 0L) + s.getOrDefault("keyframes", 0L);
            long prefill = s.getOrDefault("prefill_video", 0L) + s.getOrDefault("prefill", 0L);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d / %d | %d / %d / %d / %d | %d | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    ScalingBench.fmt(c.minutes()), method, c.framesSampled(), c.framesKept(), v.getOrDefault("sampled", 0),
                    v.getOrDefault("selected", 0), v.getOrDefault("prompt", 0), v.getOrDefault("kv", 0), c.kvEntries(),
                    c.kvBytes() / 1024.0, secs(s.getOrDefault("decode", 0L)), secs(s.getOrDefault("preprocess", 0L)),
                    secs(s.getOrDefault("vision", 0L)), secs(select), secs(prefill), secs(s.getOrDefault("generate", 0L)),
                    secs(s.getOrDefault("total", 0L)), secs(c.wallMs()), heap(c)));
        }
        return sb.toString();
    }

    private static String heap(ScalingCell c) {
        return String.format(Locale.ROOT, "%d / %d (%d)", c.gc().maxBeforeBytes() >> 20, c.gc().maxAfterBytes() >> 20,
                c.traceHeapBytes() >> 20);
    }

    private static String secs(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void atomic(Path dir, String name, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try { // temporary files are private (rw-------); the results are meant to be shared
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
