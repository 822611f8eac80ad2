package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast {@link MatMul} paths against {@link ScalarMatMul}: only f32 summation order may differ. */
class MatMulTest {
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    /** One random case: checks matmulT on w stored as given; returns nothing, throws on mismatch. */
    private void check(Random rnd, int m, int n, int k, DType dtype, Matrices.Storage storage, Arena arena)
            throws Exception {
        float[] a = Matrices.gaussian(rnd, m * k);
        float[] wValues = Matrices.gaussian(rnd, n * k);
        WeightMatrix w = Matrices.store(wValues, dtype, n, k, storage, arena, dir);
        float[] want = new float[m * n];
        ScalarMatMul.matmulT(a, m, w, want);
        float[] got = new float[m * n + 5];
        java.util.Arrays.fill(got, Float.NaN); // catches elements the kernel never writes
        MatMul.matmulT(a, m, w, got);
        String what = "m=" + m + " n=" + n + " k=" + k + " " + dtype + " " + storage;
        Matrices.assertClose(got, want, a, m, w.toFloatArray(), n, k, TOL, what);
        for (int i = m * n; i < got.length; i++) {
            assertThat(got[i]).as("%s: wrote past c(m, n)", what).isNaN();
        }
    }

    @Test
    void randomShapesEveryDtypeAndStorage() throws Exception {
        Random rnd = new Random(20261122);
        DType[] dtypes = DType.values();
        Matrices.Storage[] storages = Matrices.Storage.values();
        try (Arena arena = Arena.ofShared()) {
            for (int t = 0; t < 90; t++) {
                int m = 1 + rnd.nextInt(t % 3 == 0 ? 8 : 70); // decode and small-batch shapes often
                int n = 1 + rnd.nextInt(300);
                int k = 1 + rnd.nextInt(300);
                check(rnd, m, n, k, dtypes[t % 3], storages[(t / 3) % 3], arena);
            }
        }
    }

    @Test
    void blockAndTileEdges() throws Exception {
        // Sizes around the register tile, the k block and the column block, where tails start.
        Random rnd = new Random(5);
        int nr = Gemm.NR;
        int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {Gemm.MR, nr, Gemm.KC}, {Gemm.MR + 1, nr + 1, Gemm.KC + 1},
                {Gemm.MR - 1, nr - 1, Gemm.KC - 1}, {13, Gemm.NB_MAX + 1, 2 * Gemm.KC + 3}, {70, 2 * Gemm.NB_MAX, 17},
                {1, 3 * Gemm.NB_MAX + 5, 1000}, {3, 7, 2 * Gemm.KC},
                // one row block and many column blocks: tasks alternate between the two halves of the columns
                {9, 8 * Gemm.NB_MAX + 3 * nr, 40}, {2 * Gemm.MR + 1, 8 * Gemm.NB_MAX + 1, 33}};
        try (Arena arena = Arena.ofShared()) {
            for (int[] s : shapes) {
                for (DType d : DType.values()) {
                    check(rnd, s[0], s[1], s[2], d, Matrices.Storage.NATIVE, arena);
                }
            }
        }
    }

    /** The task order covers every block once, and tasks claimed back to back never write neighbouring blocks. */
    @Test
    void taskOrderIsABijectionAndKeepsConcurrentTasksApart() {
        for (int rows = 1; rows <= 5; rows++) {
            for (int cols = 1; cols <= 20; cols++) {
                boolean[][] seen = new boolean[rows][cols];
                for (int t = 0; t < rows * cols; t++) {
                    int r = Gemm.taskRow(t, rows), c = Gemm.taskCol(t, rows, cols);
                    assertThat(seen[r][c]).as("rows %d cols %d task %d", rows, cols, t).isFalse();
                    seen[r][c] = true;
                    if (t > 0) {
                        int pr = Gemm.taskRow(t - 1, rows), pc = Gemm.taskCol(t - 1, rows, cols);
                        boolean sameRowsNeighbours = pr == r && Math.abs(pc - c) == 1;
                        // one row block: back-to-back tasks come from opposite halves, which are apart from 5
                        // blocks on (Gemm uses one row block only from 4 blocks per core, 8 on two cores)
                        if (rows > 1 || cols > 4) {
                            assertThat(sameRowsNeighbours).as("rows %d cols %d tasks %d,%d", rows, cols, t - 1, t).isFalse();
                        }
                    }
                }
            }
        }
    }

    @Test
    void largeShapes() throws Exception {
        Random rnd = new Random(11);
        try (Arena arena = Arena.ofShared()) {
            check(rnd, 577, 768, 3072, DType.BF16, Matrices.Storage.MAPPED, arena);
            check(rnd, 1, 3072, 577, DType.F32, Matrices.Storage.MAPPED, arena);
            check(rnd, 1, 1536, 576, DType.BF16, Matrices.Storage.MAPPED, arena);
        }
    }

    @Test
    void biasIsAddedToEveryRow() {
        Random rnd = new Random(3);
        int m = 9, n = 37, k = 21;
        float[] a = Matrices.gaussian(rnd, m * k);
        WeightMatrix w = WeightMatrix.ofArray(Matrices.gaussian(rnd, n * k), n, k);
        float[] bias = Matrices.gaussian(rnd, n);
        float[] plain = new float[m * n];
        float[] biased = new float[m * n];
        MatMul.matmulT(a, m, w, plain);
        MatMul.matmulT(a, m, w, bias, biased);
        for (int i = 0; i < m * n; i++) {
            assertThat(biased[i]).isEqualTo(plain[i] + bias[i % n]);
        }
    }

    @Test
    void activationProducts() {
        Random rnd = new Random(17);
        for (int t = 0; t < 30; t++) {
            int m = 1 + rnd.nextInt(70), n = 1 + rnd.nextInt(200), k = 1 + rnd.nextInt(200);
            float[] a = Matrices.gaussian(rnd, m * k);
            // b (k, n) for matmul; its transpose bt (n, k), stored in a larger array, for matmulT.
            float[] b = Matrices.gaussian(rnd, k * n);
            float[] bt = new float[n * k + 7];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[p * n + j];
                }
            }
            float[] want = new float[m * n];
            ScalarMatMul.matmul(a, m, k, b, n, want);
            float[] got = new float[m * n];
            MatMul.matmul(a, m, k, b, n, got);
            String what = "m=" + m + " n=" + n + " k=" + k;
            float[] btDense = java.util.Arrays.copyOf(bt, n * k);
            Matrices.assertClose(got, want, a, m, btDense, n, k, TOL, "matmul " + what);
            float[] gotT = new float[m * n];
            MatMul.matmulT(a, m, k, bt, n, gotT);
            Matrices.assertClose(gotT, want, a, m, btDense, n, k, TOL, "matmulT " + what);
        }
    }

    @Test
    void concurrentAndNestedCallsAgree() throws Exception {
        // Several threads share the pool and the thread-local buffers; nested calls run inline.
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                jobs.add(callers.submit(() -> {
                    Random rnd = new Random(100 + seed);
                    int m = seed % 2 == 0 ? 1 : 40, n = 150 + seed, k = 260;
                    float[] a = Matrices.gaussian(rnd, m * k);
                    float[] wv = Matrices.gaussian(rnd, n * k);
                    WeightMatrix w = WeightMatrix.ofArray(wv, n, k);
                    float[] want = new float[m * n];
                    ScalarMatMul.matmulT(a, m, w, want);
                    for (int rep = 0; rep < 3; rep++) {
                        float[] got = new float[m * n];
                        MatMul.matmulT(a, m, w, got);
                        Matrices.assertClose(got, want, a, m, wv, n, k, TOL, "thread " + seed);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
        Random rnd = new Random(9);
        int m = 20, n = 64, k = 50;
        float[] a = Matrices.gaussian(rnd, m * k);
        float[] wv = Matrices.gaussian(rnd, n * k);
        WeightMatrix w = WeightMatrix.ofArray(wv, n, k);
        float[] want = new float[m * n];
        ScalarMatMul.matmulT(a, m, w, want);
        float[][] got = new float[6][m * n];
        Parallel.forEach(6, i -> MatMul.matmulT(a, m, w, got[i]));
        for (float[] g : got) {
            Matrices.assertClose(g, want, a, m, wv, n, k, TOL, "nested");
        }
    }
}
