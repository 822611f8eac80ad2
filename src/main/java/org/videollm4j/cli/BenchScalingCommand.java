package org.videollm4j.cli;

import org.videollm4j.bench.scaling.ScalingBench;
import org.videollm4j.bench.scaling.ScalingCell;
import org.videollm4j.bench.scaling.ScalingOptions;
import org.videollm4j.bench.scaling.ScalingReport;
import org.videollm4j.pipeline.ModelPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code videollm4j bench-scaling}: time, heap and KV memory of {@code ask} against video length, per method. */
@Command(name = "bench-scaling", mixinStandardHelpOptions = true,
        description = {
                "Runs the real ask pipeline (1 fps, no cache) on generated synthetic videos of several lengths, one",
                "fresh JVM per length x method under a heap cap (-Xmx, GC log), and writes OUT/scaling.json,",
                "OUT/scaling.md (time per stage, frames and visual tokens per stage, KV entries and bytes, heap) and",
                "OUT/scaling.svg (time and heap against length, one line per method). Videos are generated once",
                "(synth) and reused from --videos. A method that cannot run a length (e.g. none past the context)",
                "gets the pipeline's own error in its cell."},
        footer = {"", "Examples:", "  videollm4j bench-scaling",
                "  videollm4j bench-scaling --minutes 1,5 --methods retake,xcomp --out /tmp/scaling"})
public final class BenchScalingCommand implements Callable<Integer> {
    @Option(names = "--minutes", split = ",", defaultValue = "1,5,15,60", paramLabel = "M,M",
            description = "Video lengths in minutes (default: ${DEFAULT-VALUE}).")
    List<Double> minutes;

    @Option(names = "--methods", split = ",", defaultValue = "none,retake,xcomp", paramLabel = "M,M",
            description = "ask --method values (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--frame-budget", defaultValue = "64", paramLabel = "N",
            description = "Frames reaching the prompt: xcomp --select-frames N, retake --select-ratio N/frames (default: ${DEFAULT-VALUE}).")
    int frameBudget;

    @Option(names = "--heap", defaultValue = "2g", paramLabel = "SIZE", description = "-Xmx of each ask JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--synth-fps", defaultValue = "2", paramLabel = "F",
            description = "Frame rate of the generated videos (default: ${DEFAULT-VALUE}; sampling is 1 fps).")
    double synthFps;

    @Option(names = "--synth-size", defaultValue = "128", paramLabel = "N|WxH",
            description = "Frame size of the generated videos (default: ${DEFAULT-VALUE}).")
    String synthSize;

    @Option(names = "--seed", defaultValue = "7000000", paramLabel = "S",
            description = "Base seed of the generated worlds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--videos", paramLabel = "DIR", description = "Where generated videos are kept and reused (default: OUT/videos).")
    Path videos;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: target/bench-scaling under the project).")
    Path out;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: models/demo).")
    Path model;

    @Option(names = "--max-new-tokens", defaultValue = "48", paramLabel = "N", description = "ask --max-new-tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--cell-timeout", defaultValue = "900", paramLabel = "SECONDS",
            description = "Stop a cell after this long and report it as timed out (default: ${DEFAULT-VALUE}).")
    long cellTimeoutS;

    @Override
    public Integer call() throws Exception {
        Path o = out != null ? out : ModelPaths.home().resolve("target").resolve("bench-scaling");
        ScalingOptions opts;
        try {
            opts = new ScalingOptions(minutes, methods, frameBudget, heap, synthFps, synthSize, seed,
                    videos != null ? videos : o.resolve("videos"), o, ModelPaths.orDefault(model).toAbsolutePath(),
                    maxNewTokens, cellTimeoutS);
        } catch (IllegalArgumentException e) { // CompressionConfig.Invalid included
            throw new UsageException(e.getMessage());
        }
        if (!Files.isRegularFile(opts.model().resolve("config.json"))) {
            throw new org.videollm4j.util.BadInputException(opts.model() + ": no config.json (not a model folder)");
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("started", Instant.now().toString());
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("load_average_start", loadAverage());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("heap_cap", opts.heap());
        machine.put("model", opts.model().toString());
        machine.put("frame_budget", opts.frameBudget());
        machine.put("synth_fps", opts.synthFps());
        machine.put("synth_size", opts.synthSize());
        List<ScalingCell> cells = new ScalingBench(opts, System.err::println).run();
        machine.put("load_average_end", loadAverage());
        ScalingReport.write(opts.out(), cells, machine);
        System.out.print(ScalingReport.markdown(cells));
        System.err.println("bench-scaling: wrote " + opts.out().resolve("scaling.json") + ", scaling.md, scaling.svg");
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
