package org.videollm4j.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.videollm4j.model.ops.Norms;
import org.videollm4j.tensor.Attention;
import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.MatMul;
import org.videollm4j.tensor.ScalarMatMul;
import org.videollm4j.tensor.WeightMatrix;

/**
 * Each fast kernel next to the scalar reference its tests compare it with, on shapes small enough for the
 * reference to finish: a (128, 256) x (256, 256)^T product, one attention head of 256 causal queries over
 * 256 keys (head dim 64), and an RMS norm of 256 rows of 576.
 */
public class ScalarVsVectorBench extends KernelBenchmark {
    private static final int M = 128, K = 256, N = 256;
    private static final int T = 256, HD = 64;
    private static final int ROWS = 256, DIM = 576;

    private float[] a, c;        // (M, K), (M, N)
    private WeightMatrix w;      // (N, K)
    private float[] q, k, v, o;  // (T, HD) each
    private float[] x, gamma, y; // (ROWS, DIM), (DIM), (ROWS, DIM)

    @Setup
    public void setup() {
        a = KernelState.random(M * K, 1);
        c = new float[M * N];
        w = KernelState.weights(N, K, DType.F32, 2);
        q = KernelState.random(T * HD, 3);
        k = KernelState.random(T * HD, 4);
        v = KernelState.random(T * HD, 5);
        o = new float[T * HD];
        x = KernelState.random(ROWS * DIM, 6);
        gamma = KernelState.random(DIM, 7);
        y = new float[ROWS * DIM];
    }

    @Benchmark
    public float[] gemmVector() {
        MatMul.matmulT(a, M, w, c);
        return c;
    }

    @Benchmark
    public float[] gemmScalar() {
        ScalarMatMul.matmulT(a, M, w, c);
        return c;
    }

    @Benchmark
    public float[] attentionVector() {
        Attention.attendHead(q, 0, HD, 0, T, k, v, 0, HD, T, HD, 0.125f, 0, o, 0, HD, null);
        return o;
    }

    @Benchmark
    public float[] attentionScalar() {
        Attention.attendScalar(q, 0, HD, 0, T, k, v, 0, HD, T, HD, 0.125f, 0, o, 0, HD);
        return o;
    }

    @Benchmark
    public float[] rmsNormVector() {
        Norms.rmsNorm(x, ROWS, DIM, gamma, 1e-5f, y);
        return y;
    }

    @Benchmark
    public float[] rmsNormScalar() {
        Norms.rmsNormScalar(x, ROWS, DIM, gamma, 1e-5f, y);
        return y;
    }
}
