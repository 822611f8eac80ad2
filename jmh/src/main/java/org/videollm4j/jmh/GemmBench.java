package org.videollm4j.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.MatMul;
import org.videollm4j.tensor.WeightMatrix;

/**
 * c(m, n) = a(m, k) · w(n, k)^T through {@link MatMul#matmulT} (all cores): prefill shapes of SmolVLM2-256M
 * (m = 1024 tokens) and a decode shape (m = 1, the memory-bound GEMV path), with f32 and bf16 weights.
 * Divide 2·m·k·n by the time for GFLOP/s. The scalar reference is timed in {@link ScalarVsVectorBench}.
 */
public class GemmBench extends KernelBenchmark {
    @Param({"1024x576x1536", "1024x768x768", "1x576x1536"})
    public String shape;

    @Param({"F32", "BF16"})
    public String dtype;

    private float[] a;   // (m, k)
    private float[] c;   // (m, n)
    private WeightMatrix w; // (n, k)
    private int m;

    @Setup
    public void setup() {
        int[] s = KernelState.shape(shape);
        m = s[0];
        a = KernelState.random(s[0] * s[1], 1);
        c = new float[s[0] * s[2]];
        w = KernelState.weights(s[2], s[1], DType.valueOf(dtype), 2);
    }

    @Benchmark
    public float[] matmulT() {
        MatMul.matmulT(a, m, w, c);
        return c;
    }
}
