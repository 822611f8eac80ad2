package org.videollm4j.tensor;

/**
 * Matrix products used by every layer: c(m, n) = a(m, k) · w(n, k)^T, with w in any stored
 * {@link DType}. m == 1 (decoding) takes the memory-bound {@link Gemv} path, m > 1 the blocked
 * {@link Gemm}; both run over the cores via {@link Parallel} and are tested against
 * {@link ScalarMatMul}. Calls are thread-safe and may be nested inside a parallel region.
 */
public final class MatMul {
    private MatMul() {
    }

    /** c(m, n) = a(m, k) · w(n, k)^T; only the first m * n floats of c are written. */
    public static void matmulT(float[] a, int m, WeightMatrix w, float[] c) {
        ScalarMatMul.checkShapes(a, m, w, c);
        if (m <= 0) {
            return;
        }
        if (m == 1) {
            Gemv.gemv(a, w, c);
        } else {
            Gemm.gemm(a, m, PackedB.transposed(w), c);
        }
    }

    /** c(m, n) = a(m, k) · w(n, k)^T + bias(n). */
    public static void matmulT(float[] a, int m, WeightMatrix w, float[] bias, float[] c) {
        matmulT(a, m, w, c);
        if (bias != null) {
            int n = w.rows();
            for (int i = 0; i < m; i++) {
                VectorOps.axpy(1f, bias, 0, c, i * n, n);
            }
        }
    }

    /** Activation x activation^T, e.g. Q · K^T: c(m, n) = a(m, k) · b(n, k)^T, b a heap array. */
    public static void matmulT(float[] a, int m, int k, float[] b, int n, float[] c) {
        if (b.length < (long) n * k) {
            throw new IllegalArgumentException("b has " + b.length + " floats, needs (" + n + ", " + k + ")");
        }
        // A view of the first n * k floats (b may be a larger, partly filled cache): no copy.
        var view = java.lang.foreign.MemorySegment.ofArray(b).asSlice(0, (long) n * k * 4);
        matmulT(a, m, new WeightMatrix(view, DType.F32, n, k), c);
    }

    /** Activation x activation, e.g. probs · V: c(m, n) = a(m, k) · b(k, n), b row-major. */
    public static void matmul(float[] a, int m, int k, float[] b, int n, float[] c) {
        if (a.length < (long) m * k) {
            throw new IllegalArgumentException("a has " + a.length + " floats, needs (" + m + ", " + k + ")");
        }
        if (c.length < (long) m * n) {
            throw new IllegalArgumentException("c has " + c.length + " floats, needs (" + m + ", " + n + ")");
        }
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        Gemm.gemm(a, m, PackedB.rowMajor(b, k, n), c);
    }
}
