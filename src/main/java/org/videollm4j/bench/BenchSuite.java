package org.videollm4j.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.tensor.Parallel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * The whole of {@code videollm4j bench}: gemm vs OpenBLAS, the model stages vs the PyTorch reference on
 * the demo model and on a random checkpoint with SmolVLM2-256M dimensions, and frame decoding vs ffmpeg.
 * Every ratio is our throughput / the reference's, both measured in this run.
 */
public final class BenchSuite {
    public static final Set<String> PARTS = Set.of("gemm", "vision", "prefill", "decode", "video");
    /**
     * Work per stage on the demo-sized model (small: a few seconds per run). Vision encodes 256 frames (a
     * 4-minute video at 1 fps): 16 frames took ~5 ms, too short to time (ratios from 0.26 to 4.6 between runs).
     */
    public static final ModelComparison.Sizes DEMO_SIZES = new ModelComparison.Sizes(256, 512, 256, 32, 5);
    /** Work per stage at SmolVLM2-256M dimensions: one 512 px frame is ~0.2 TFLOP, so few frames/tokens. */
    public static final ModelComparison.Sizes BIG_SIZES = new ModelComparison.Sizes(1, 128, 128, 8, 3);

    public record Options(Path demoModel, boolean demoIsStandIn, Path video, Set<String> only, int threads,
                          boolean skip256m, boolean skipDemo) {
    }

    private final BenchPaths paths;
    private final PrintStream log;

    public BenchSuite(BenchPaths paths, PrintStream log) {
        this.paths = paths;
        this.log = log;
    }

    public ObjectNode run(Options o) throws IOException, InterruptedException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode top = f.objectNode();
        ObjectNode details = f.objectNode();
        details.put("started", Instant.now().toString());
        details.put("cores", Runtime.getRuntime().availableProcessors());
        details.put("java_threads", Parallel.THREADS);
        details.put("torch_threads", o.threads());
        details.put("load_average_before", loadAverage());
        if (o.only().contains("gemm")) {
            log.println("gemm (f32, prefill shapes) vs PyTorch/OpenBLAS:");
            GemmComparison.Result g = GemmComparison.run(paths, GemmComparison.PREFILL_SHAPES, 3, 5, o.threads(), log);
            top.put("gemm_vs_openblas", round(g.geomeanRatio()));
            top.put("gemm_prepacked_vs_openblas", round(g.geomeanPrepackedRatio()));
            ObjectNode gd = details.putObject("gemm");
            gd.put("reference", g.reference());
            for (GemmComparison.Shape s : g.shapes()) {
                ObjectNode n = gd.putObject(s.m() + "x" + s.k() + "x" + s.n());
                n.put("ours_gflops", s.oursGflops());
                n.put("ours_prepacked_gflops", s.oursPrepackedGflops());
                n.put("ref_gflops", s.refGflops());
                n.put("ratio", round(s.ratio()));
            }
        }
        if (o.only().stream().anyMatch(p -> p.equals("vision") || p.equals("prefill") || p.equals("decode"))) {
            if (!o.skipDemo()) {
                log.println("demo model " + o.demoModel() + (o.demoIsStandIn() ? " (stand-in: models/demo not present)" : "")
                        + " vs PyTorch reference:");
                model(top, details, "", o.demoModel(), DEMO_SIZES, o);
                ((ObjectNode) details.get("demo")).put("stand_in", o.demoIsStandIn());
            }
            if (!o.skip256m()) {
                Path big = paths.randomModel("256m", "smolvlm2-256m-random");
                log.println("SmolVLM2-256M dimensions, random F32 weights (" + big + ") vs PyTorch reference:");
                model(top, details, "_256m", big, BIG_SIZES, o);
            }
        }
        if (o.only().contains("video")) {
            if (o.video() == null || !Files.isRegularFile(o.video())) {
                throw new org.videollm4j.util.BadInputException((o.video() == null ? "(none)" : o.video())
                        + ": video for the decode benchmark not found; pass --video FILE");
            }
            log.println("frame decoding (1 fps to RGB) vs ffmpeg: " + o.video());
            VideoDecodeBench.Result v = VideoDecodeBench.compare(o.video(), 1.0, 2);
            log.printf("  ours %.3f s (%d frames)  ffmpeg %.3f s  ratio %.2f%n", v.oursSeconds(), v.ourFrames(),
                    v.ffmpegSeconds(), v.ratio());
            top.put("decode_video_vs_ffmpeg", round(v.ratio()));
            ObjectNode vd = details.putObject("video");
            vd.put("file", v.video().toString());
            vd.put("frames", v.ourFrames());
            vd.put("ours_seconds", v.oursSeconds());
            vd.put("ffmpeg_seconds", v.ffmpegSeconds());
        }
        details.put("load_average_after", loadAverage());
        top.set("details", details);
        return top;
    }

    private void model(ObjectNode top, ObjectNode details, String suffix, Path dir, ModelComparison.Sizes sizes, Options o)
            throws IOException {
        ModelComparison.Result r = ModelComparison.run(paths, dir, sizes, o.threads(), o.only()::contains, log);
        ObjectNode d = details.putObject(suffix.isEmpty() ? "demo" : suffix.substring(1));
        d.put("model", dir.toString());
        d.set("reference", r.reference());
        for (StageResult s : r.stages()) {
            top.put(s.stage() + "_vs_pytorch" + suffix, round(s.ratio()));
            ObjectNode n = d.putObject(s.stage());
            n.put("unit", s.unit());
            n.put("count", s.count());
            n.put("rounds", s.rounds());
            n.put("ours_seconds", s.oursSeconds());
            n.put("ref_seconds", s.refSeconds());
            n.put("ours_per_second", s.oursPerSecond());
            n.put("ref_per_second", s.refPerSecond());
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
