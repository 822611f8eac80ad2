package org.videollm4j.tensor;

/** Plain scalar reference for {@link MatMul}: the ground truth its fast kernels are tested against. */
public final class ScalarMatMul {
    private ScalarMatMul() {
    }

    /** c(m, n) = a(m, k) · w(n, k)^T, accumulated in double for a tight reference. */
    public static void matmulT(float[] a, int m, WeightMatrix w, float[] c) {
        int k = w.cols();
        int n = w.rows();
        checkShapes(a, m, w, c);
        float[] row = new float[k];
        for (int j = 0; j < n; j++) {
            w.row(j, row, 0);
            for (int i = 0; i < m; i++) {
                double s = 0;
                int ai = i * k;
                for (int p = 0; p < k; p++) {
                    s += (double) a[ai + p] * row[p];
                }
                c[i * n + j] = (float) s;
            }
        }
    }

    /** c(m, n) = a(m, k) · b(k, n), b row-major, accumulated in double. */
    public static void matmul(float[] a, int m, int k, float[] b, int n, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = (float) s;
            }
        }
    }

    static void checkShapes(float[] a, int m, WeightMatrix w, float[] c) {
        if (a.length < (long) m * w.cols()) {
            throw new IllegalArgumentException("a has " + a.length + " floats, needs (" + m + ", " + w.cols() + ")");
        }
        if (c.length < (long) m * w.rows()) {
            throw new IllegalArgumentException("c has " + c.length + " floats, needs (" + m + ", " + w.rows() + ")");
        }
    }
}
