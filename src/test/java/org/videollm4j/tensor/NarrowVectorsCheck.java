package org.videollm4j.tensor;

import java.util.Random;

/**
 * Run in a child JVM by {@link NarrowVectorsTest} with {@code -Dvideollm4j.vectorBits=128|256}: the vector species
 * is fixed per JVM, so the narrower kernels (ARM NEON has 128-bit vectors; AVX2 256) can only be checked in a JVM
 * of their own. Exits 1 with the first mismatch against the scalar references, 0 after printing the lane count.
 */
public final class NarrowVectorsCheck {
    private NarrowVectorsCheck() {
    }

    public static void main(String[] args) {
        Random rnd = new Random(20261122);
        for (int t = 0; t < 40; t++) {
            int m = 1 + rnd.nextInt(t % 2 == 0 ? 3 : 40), n = 1 + rnd.nextInt(130), k = 1 + rnd.nextInt(200);
            float[] a = Matrices.gaussian(rnd, m * k), w = Matrices.gaussian(rnd, n * k);
            WeightMatrix wm = WeightMatrix.ofArray(w, n, k);
            float[] want = new float[m * n];
            ScalarMatMul.matmulT(a, m, wm, want);
            float[] got = new float[m * n];
            MatMul.matmulT(a, m, wm, got);
            check("MatMul.matmulT", got, want, m, n, k);
            new Linear(wm).apply(a, m, got); // packed once, as the model's layers
            check("Linear.apply", got, want, m, n, k);
            QuantizedMatrix q = QuantizedMatrix.quantize(wm);
            float[] qWant = new float[n], qGot = new float[n];
            q.gemvScalar(a, qWant);
            q.gemv(a, qGot);
            check("QuantizedMatrix.gemv", qGot, qWant, 1, n, k);
        }
        System.out.println("lanes " + Rows.L);
    }

    private static void check(String what, float[] got, float[] want, int m, int n, int k) {
        for (int i = 0; i < m * n; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-4 * Math.sqrt(k) * Math.max(1, Math.abs(want[i])))) {
                System.out.println(what + " (" + m + ", " + n + ", " + k + ") element " + i + ": " + got[i]
                        + " instead of " + want[i]);
                System.exit(1);
            }
        }
    }
}
