package org.videollm4j.tensor;

/**
 * Matrix products used by every layer: c(m, n) = a(m, k) · w(n, k)^T, with w in any stored
 * {@link DType}. The fast path (Vector API, blocked, parallel over the cores) is tested against
 * {@link ScalarMatMul}.
 */
public final class MatMul {
    private MatMul() {
    }

    public static void matmulT(float[] a, int m, WeightMatrix w, float[] c) {
        ScalarMatMul.checkShapes(a, m, w, c);
        // TODO(kernels): Vector API kernel; the scalar reference is the stand-in until then.
        ScalarMatMul.matmulT(a, m, w, c);
    }

    /** c(m, n) = a(m, k) · w(n, k)^T + bias(n). */
    public static void matmulT(float[] a, int m, WeightMatrix w, float[] bias, float[] c) {
        matmulT(a, m, w, c);
        if (bias != null) {
            int n = w.rows();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += bias[j];
                }
            }
        }
    }
}
