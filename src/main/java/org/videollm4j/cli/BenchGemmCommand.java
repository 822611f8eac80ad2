package org.videollm4j.cli;

import org.videollm4j.bench.GemmBench;
import org.videollm4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code videollm4j bench-gemm}: GFLOP/s of the matrix-product kernels (compared to PyTorch by scripts/bench-gemm.sh). */
@Command(name = "bench-gemm", mixinStandardHelpOptions = true,
        description = "Time c = a · w^T on prefill/decode shapes; prints 'm k n dtype best_ms gflops' per shape.")
public final class BenchGemmCommand implements Runnable {
    @Option(names = "--shapes", split = ",", paramLabel = "MxKxN",
            description = "Shapes as MxKxN (default: the SmolVLM2 prefill shapes and one decode shape).")
    List<String> shapes;

    @Option(names = "--dtype", defaultValue = "F32", description = "Weight dtype: F32, BF16 or F16 (default ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--reps", defaultValue = "10", description = "Timed repetitions per shape; the best is kept (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per shape (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--prepacked", description = "Time the model layers' path (Linear: w packed once, on first use) "
            + "instead of packing w on every call.")
    boolean prepacked;

    @Override
    public void run() {
        DType d = DType.fromSafetensors(dtype.toUpperCase());
        if (d == null) {
            throw new UsageException("--dtype: expected F32, BF16 or F16, got '" + dtype + "'");
        }
        if (reps < 1) {
            throw new UsageException("--reps: must be at least 1, got " + reps);
        }
        GemmBench.run(parseShapes(), d, reps, warmup, prepacked, System.out);
    }

    private List<int[]> parseShapes() {
        if (shapes == null || shapes.isEmpty()) {
            return GemmBench.DEFAULT_SHAPES;
        }
        List<int[]> out = new ArrayList<>();
        for (String s : shapes) {
            String[] p = s.toLowerCase().split("x");
            try {
                if (p.length != 3) {
                    throw new NumberFormatException();
                }
                int[] mkn = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
                if (mkn[0] < 1 || mkn[1] < 1 || mkn[2] < 1 || (long) mkn[0] * mkn[1] > 1 << 28
                        || (long) mkn[1] * mkn[2] > 1 << 28) {
                    throw new UsageException("--shapes: '" + s + "' must be positive and at most 2^28 elements per matrix");
                }
                out.add(mkn);
            } catch (NumberFormatException e) {
                throw new UsageException("--shapes: expected MxKxN like 1024x576x1536, got '" + s + "'");
            }
        }
        return out;
    }
}
