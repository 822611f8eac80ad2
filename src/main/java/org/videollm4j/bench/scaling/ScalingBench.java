package org.videollm4j.bench.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

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
import java.util.function.Consumer;

/**
 * Runs the scaling grid: for each length a synthetic video (made once with {@code synth}, reused from
 * {@link ScalingOptions#videos}), then for each method a fresh JVM ({@code -Xmx} the heap cap, {@code -Xlog:gc})
 * running {@code ask VIDEO QUESTION --max-frames <all> --no-cache --json} (1 fps, ask's default) with the method's flags. A fresh
 * JVM per cell keeps the heap figures of one cell out of the next and times what a user of the command sees; the
 * cache is off so that every stage runs. A cell that fails keeps the pipeline's own error line.
 */
public final class ScalingBench {
    private final ScalingOptions o;
    private final Consumer<String> progress;
    private final ObjectMapper json = new ObjectMapper();

    public ScalingBench(ScalingOptions options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    /** One generated video and the question asked about it. */
    public record Video(double minutes, Path file, String question, String expected) {
    }

    public List<ScalingCell> run() throws IOException, InterruptedException {
        Files.createDirectories(o.out().resolve("cells"));
        List<ScalingCell> cells = new ArrayList<>();
        for (double m : o.minutes()) {
            Video v = video(m);
            for (String method : o.methods()) {
                progress.accept(String.format(Locale.ROOT, "bench-scaling: %s min, %s ...", fmt(m), method));
                ScalingCell c = cell(v, method);
                progress.accept(String.format(Locale.ROOT, "bench-scaling: %s min, %s: %s", fmt(m), method,
                        c.ok() ? String.format(Locale.ROOT, "%.1f s, peak heap %d MiB", c.wallMs() / 1000.0,
                                c.peakHeapBytes() >> 20) : c.error()));
                cells.add(c);
            }
        }
        return cells;
    }

    /** The video of {@code minutes}: reused when its folder is complete, else generated into a temporary folder and moved. */
    Video video(double minutes) throws IOException, InterruptedException {
        long seconds = ScalingOptions.seconds(minutes);
        long seed = o.seed() + seconds;
        Path dir = o.videos().resolve(String.format(Locale.ROOT, "len-%05ds-seed%d-fps%s-size%s", seconds, seed,
                fmt(o.synthFps()), o.synthSize()));
        if (!Files.isRegularFile(dir.resolve("video.mp4")) || !Files.isRegularFile(dir.resolve("questions.jsonl"))) {
            Files.createDirectories(o.videos());
            Path tmp = o.videos().resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            progress.accept("bench-scaling: generating " + dir + " (once) ...");
            List<String> cmd = ChildJvm.command(null, null);
            cmd.addAll(List.of("synth", "--seed", String.valueOf(seed), "--seconds", String.valueOf(seconds),
                    "--fps", fmt(o.synthFps()), "--size", o.synthSize(), "--out", tmp.toString()));
            Path log = o.out().resolve("cells").resolve(dir.getFileName() + ".synth.log");
            int rc = ChildJvm.run(cmd, log, log, Math.max(600, seconds * 2));
            if (rc != 0 || !Files.isRegularFile(tmp.resolve("video.mp4"))) {
                throw new BadInputException("synth for " + dir + " failed (exit " + rc + "): " + ChildJvm.lastLine(log));
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        Path q = dir.resolve("questions.jsonl");
        for (String line : Files.readAllLines(q, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode n = json.readTree(line);
                return new Video(minutes, dir.resolve("video.mp4"), n.path("question").asText(), n.path("answer").asText());
            }
        }
        throw BadInputException.file(q, "holds no question");
    }

    ScalingCell cell(Video v, String method) throws IOException, InterruptedException {
        String name = String.format(Locale.ROOT, "len-%05ds-%s", ScalingOptions.seconds(v.minutes()), method);
        Path dir = o.out().resolve("cells");
        Path out = dir.resolve(name + ".json"), err = dir.resolve(name + ".err"), gcLog = dir.resolve(name + ".gc.log");
        Files.deleteIfExists(gcLog);
        List<String> flags = o.methodFlags(method, v.minutes());
        List<String> cmd = ChildJvm.command(o.heap(), gcLog);
        cmd.addAll(List.of("ask", v.file().toString(), v.question(), "--model", o.model().toString(),
                "--max-frames", String.valueOf(ScalingOptions.seconds(v.minutes()) + 16), "--no-cache", "--json",
                "--max-new-tokens", String.valueOf(o.maxNewTokens())));
        cmd.addAll(flags);
        long t0 = System.nanoTime();
        int rc = ChildJvm.run(cmd, out, err, o.cellTimeoutS());
        long wall = (System.nanoTime() - t0) / 1_000_000;
        GcLog gc = Files.isRegularFile(gcLog) ? GcLog.parse(Files.readString(gcLog)) : new GcLog(0, 0, 0, 0);
        double load = ChildJvm.loadAverage();
        if (rc != 0) {
            String why = rc == ChildJvm.TIMED_OUT ? "timed out after " + o.cellTimeoutS() + " s"
                    : ChildJvm.errorLine(err);
            return new ScalingCell(v.minutes(), method, flags, why.isBlank() ? "exit " + rc : why, wall, Map.of(), 0, 0,
                    Map.of(), 0, 0, 0, null, 0, gc, load);
        }
        JsonNode a = json.readTree(out.toFile());
        JsonNode t = a.path("trace");
        Map<String, Long> stages = new LinkedHashMap<>();
        t.path("timings_ms").properties().forEach(e -> stages.put(e.getKey(), e.getValue().asLong()));
        Map<String, Integer> visual = new LinkedHashMap<>();
        t.path("visual_tokens").properties().forEach(e -> visual.put(e.getKey(), e.getValue().asInt()));
        long entries = 0;
        for (JsonNode e : t.path("kv").path("entries_per_layer")) {
            entries += e.asLong();
        }
        return new ScalingCell(v.minutes(), method, flags, null, wall, stages, a.path("frames_sampled").asInt(),
                t.path("frames_kept").size(), visual, entries, t.path("kv").path("bytes").asLong(),
                a.path("prompt_tokens").asInt(), a.path("answer").asText(), t.path("peak_heap_bytes").asLong(), gc, load);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
