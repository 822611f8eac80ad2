package org.videollm4j.cli;

import org.videollm4j.pipeline.ModelPaths;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.bench.BenchPaths;
import org.videollm4j.bench.BenchSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code videollm4j bench}: our engine next to PyTorch/OpenBLAS and ffmpeg, in one run, as ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Measures, side by side in one run and on the same inputs: our f32 matrix product vs PyTorch",
                "(OpenBLAS) on prefill shapes; vision frames/s, prefill tokens/s and decode tokens/s of our engine",
                "vs the PyTorch reference model (training/smolvlm/modeling.py) on the demo model and on a random",
                "checkpoint with SmolVLM2-256M dimensions (generated once under target/bench-models/); and frame",
                "decoding vs the ffmpeg command. Both sides use the same number of threads; runs alternate and the",
                "best of each is kept. Ratios are our throughput / the reference's."},
        footer = {"", "Examples:", "  videollm4j bench", "  videollm4j bench --json --only vision,prefill,decode --model models/demo"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object (ratios + details) on stdout; progress goes to stderr.")
    boolean json;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The small model to compare on (default: models/demo, else a generated stand-in of similar size).")
    Path model;

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "Parts to run: gemm, vision, prefill, decode, video (default: all).")
    List<String> only;

    @Option(names = "--no-256m", description = "Skip the SmolVLM2-256M-sized checkpoint.")
    boolean skip256m;

    @Option(names = "--no-demo", description = "Skip the demo model (only the SmolVLM2-256M-sized checkpoint).")
    boolean skipDemo;

    @Option(names = "--video", paramLabel = "FILE",
            description = "Video for the decode comparison (default: ../shared/media/wannaworktogether.mp4).")
    Path video;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "torch threads; ours are set with -Dvideollm4j.threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "Python with torch for the reference (default ${DEFAULT-VALUE}).")
    String python;

    @Override
    public Integer call() throws Exception {
        Set<String> parts = new LinkedHashSet<>(only == null || only.isEmpty() ? BenchSuite.PARTS : only);
        for (String p : parts) {
            if (!BenchSuite.PARTS.contains(p)) {
                throw new UsageException("--only: unknown part '" + p + "' (expected gemm, vision, prefill, decode, video)");
            }
        }
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        Path home = ModelPaths.home();
        BenchPaths paths = new BenchPaths(home, python);
        boolean standIn = false;
        Path demo = model;
        if (demo == null) {
            demo = ModelPaths.defaultModel();
            if (!Files.isRegularFile(demo.resolve("config.json"))) {
                demo = paths.randomModel("demo-standin", "demo-standin");
                standIn = true;
            }
        } else {
            demo = ModelOption.resolve(demo);
        }
        Path vid = video != null ? video : home.resolve("../shared/media/wannaworktogether.mp4").normalize();
        PrintStream log = json ? System.err : System.out;
        ObjectNode result = new BenchSuite(paths, log).run(
                new BenchSuite.Options(demo, standIn, vid, parts, threads, skip256m, skipDemo));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            System.out.println("ratios (our throughput / reference throughput, same run):");
            result.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("details")) {
                    System.out.printf("  %-30s %.2f%n", e.getKey(), e.getValue().asDouble());
                }
            });
            System.out.println("load average: " + result.path("details").path("load_average_before").asText()
                    + " (before), " + result.path("details").path("load_average_after").asText() + " (after)");
        }
        return 0;
    }
}
