package org.videollm4j.bench;

import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.Linear;
import org.videollm4j.tensor.MatMul;
import org.videollm4j.tensor.WeightMatrix;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;

/**
 * Times {@link MatMul#matmulT} on prefill- and decode-shaped products, w in native memory (as a
 * mapped weight would be). Prints one line per shape: "m k n dtype best_ms gflops", the same
 * format as training/bench_gemm.py so scripts/bench-gemm.sh can join them.
 */
public final class GemmBench {
    /** (m, k, n): SigLIP/Llama prefill projections of SmolVLM2, and one decode step. */
    public static final List<int[]> DEFAULT_SHAPES = List.of(
            new int[]{1024, 576, 1536}, new int[]{1024, 1536, 576}, new int[]{256, 768, 3072},
            new int[]{1024, 768, 768}, new int[]{512, 12288, 576}, new int[]{1, 576, 1536});

    private GemmBench() {
    }

    /** Best wall time of reps timed runs (after warm-up) per shape; best-of because other jobs share the cores. */
    public static void run(List<int[]> shapes, DType dtype, int reps, double warmupSeconds, PrintStream out) {
        run(shapes, dtype, reps, warmupSeconds, false, out);
    }

    /**
     * As {@link #run(List, DType, int, double, PrintStream)}; with prepacked, through {@link Linear} as every model
     * layer runs it: w packed into GEMM panels once (on first use, inside the warm-up), not on every call.
     */
    public static void run(List<int[]> shapes, DType dtype, int reps, double warmupSeconds, boolean prepacked,
                           PrintStream out) {
        Random rnd = new Random(1);
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            try (Arena arena = Arena.ofShared()) {
                float[] a = new float[m * k];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                }
                WeightMatrix w = randomWeights(arena, dtype, n, k, rnd);
                float[] c = new float[m * n];
                Linear layer = new Linear(w);
                Runnable product = prepacked ? () -> layer.apply(a, m, c) : () -> MatMul.matmulT(a, m, w, c);
                long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
                do {
                    product.run();
                } while (System.nanoTime() < warmEnd);
                double flops = 2.0 * m * n * k;
                // Tiny products: repeat inside one timing so the clock resolution does not matter.
                int inner = (int) Math.max(1, Math.min(1000, 2e8 / flops));
                long best = Long.MAX_VALUE;
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < inner; i++) {
                        product.run();
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / inner);
                }
                out.printf("%d %d %d %s %.4f %.2f%n", m, k, n, dtype, best / 1e6, flops / best);
                out.flush();
            }
        }
    }

    private static WeightMatrix randomWeights(Arena arena, DType dtype, int rows, int cols, Random rnd) {
        MemorySegment seg = arena.allocate((long) rows * cols * dtype.bytes(), 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            float v = (float) (rnd.nextGaussian() * 0.05);
            switch (dtype) {
                case F32 -> seg.set(WeightMatrix.F32_LE, 4 * i, v);
                case BF16 -> seg.set(WeightMatrix.I16_LE, 2 * i, DType.floatToBf16(v));
                case F16 -> seg.set(WeightMatrix.I16_LE, 2 * i, Float.floatToFloat16(v));
            }
        }
        return new WeightMatrix(seg, dtype, rows, cols);
    }
}
