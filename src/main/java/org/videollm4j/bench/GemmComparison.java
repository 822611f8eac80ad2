package org.videollm4j.bench;

import org.videollm4j.tensor.DType;
import org.videollm4j.util.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link GemmBench} vs training/bench_gemm.py (PyTorch F.linear on OpenBLAS, same threads) on
 * prefill-shaped products, alternating rounds, best GFLOP/s of each side per shape.
 */
public final class GemmComparison {
    /** (m, k, n) of the SmolVLM2-256M prefill projections: text qkv/o-sized, MLP up/down, vision attention/MLP. */
    public static final List<int[]> PREFILL_SHAPES = List.of(
            new int[]{1024, 576, 1536}, new int[]{1024, 1536, 576}, new int[]{1024, 768, 768}, new int[]{1024, 768, 3072});

    /** oursGflops packs w on every call, as torch does; oursPrepackedGflops is the model layers' path (packed once). */
    public record Shape(int m, int k, int n, double oursGflops, double oursPrepackedGflops, double refGflops) {
        public double ratio() {
            return oursGflops / refGflops;
        }

        public double prepackedRatio() {
            return oursPrepackedGflops / refGflops;
        }
    }

    /** Per-shape results and their geometric-mean ratio. */
    public record Result(List<Shape> shapes, String reference) {
        public double geomeanRatio() {
            return Math.exp(shapes.stream().mapToDouble(s -> Math.log(s.ratio())).average().orElse(Double.NaN));
        }

        public double geomeanPrepackedRatio() {
            return Math.exp(shapes.stream().mapToDouble(s -> Math.log(s.prepackedRatio())).average().orElse(Double.NaN));
        }
    }

    private GemmComparison() {
    }

    public static Result run(BenchPaths paths, List<int[]> shapes, int rounds, int reps, int threads, PrintStream log)
            throws IOException, InterruptedException {
        String shapeArg = shapes.stream().map(s -> s[0] + "x" + s[1] + "x" + s[2]).collect(Collectors.joining(","));
        Map<String, Double> ours = new HashMap<>(), oursPrepacked = new HashMap<>(), ref = new HashMap<>();
        String refInfo = "";
        for (int r = 0; r < rounds; r++) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                GemmBench.run(shapes, DType.F32, reps, 0.5, ps);
            }
            collect(buf.toString(StandardCharsets.UTF_8), ours);
            buf.reset();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                GemmBench.run(shapes, DType.F32, reps, 0.5, true, ps);
            }
            collect(buf.toString(StandardCharsets.UTF_8), oursPrepacked);
            ProcessBuilder pb = new ProcessBuilder(paths.python(), paths.script("bench_gemm.py").toString(),
                    "--shapes", shapeArg, "--reps", Integer.toString(reps), "--warmup", "0.5",
                    "--threads", Integer.toString(threads));
            pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE"); // as TorchWorker
            var errFile = java.nio.file.Files.createTempFile("videollm4j-bench-gemm", ".log");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            String err = java.nio.file.Files.readString(errFile).strip();
            java.nio.file.Files.deleteIfExists(errFile);
            if (rc != 0) {
                throw new BadInputException("training/bench_gemm.py failed (exit " + rc + "): " + err);
            }
            refInfo = err.lines().filter(l -> l.startsWith("#")).findFirst().orElse("").replaceFirst("^# ", "");
            collect(out, ref);
        }
        List<Shape> res = shapes.stream().map(s -> {
            String key = s[0] + " " + s[1] + " " + s[2];
            return new Shape(s[0], s[1], s[2], ours.get(key), oursPrepacked.get(key), ref.get(key));
        }).toList();
        for (Shape s : res) {
            log.printf("  gemm %5d x %5d x %5d  ours %7.1f GFLOP/s (prepacked %7.1f)  pytorch %7.1f GFLOP/s  ratio %.2f (%.2f)%n",
                    s.m(), s.k(), s.n(), s.oursGflops(), s.oursPrepackedGflops(), s.refGflops(), s.ratio(),
                    s.prepackedRatio());
        }
        log.flush();
        return new Result(res, refInfo);
    }

    /** Lines "m k n dtype best_ms gflops" -> best gflops per "m k n". */
    private static void collect(String text, Map<String, Double> best) {
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 6 || line.startsWith("#")) {
                continue;
            }
            best.merge(f[0] + " " + f[1] + " " + f[2], Double.parseDouble(f[5]), Math::max);
        }
    }
}
