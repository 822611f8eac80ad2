package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BlockEpilogueTest {
    /** An element-wise op whose result depends on the position: catches blocks applied twice, missed or shifted. */
    private static BlockEpilogue positional(int n) {
        return (c, i0, i1, j0, j1, ldc) -> {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    c[i * ldc + j] = c[i * ldc + j] * 0.5f + (i * n + j);
                }
            }
        };
    }

    @Test
    void epilogueOnEachBlockEqualsOnePassOverTheWholeOutput() {
        Random r = new Random(9);
        for (int trial = 0; trial < 40; trial++) {
            int m = trial % 6 == 0 ? 1 : 1 + r.nextInt(90); // one row: product first, then one pass
            int k = 1 + r.nextInt(trial % 5 == 0 ? 700 : 100);
            int n = 1 + r.nextInt(trial % 3 == 0 ? 600 : 120); // several column blocks and tasks
            Linear lin = new Linear(WeightMatrix.ofArray(Matrices.gaussian(r, n * k), n, k));
            float[] bias = r.nextBoolean() ? Matrices.gaussian(r, n) : null;
            float[] a = Matrices.gaussian(r, m * k);
            float[] residual = Matrices.gaussian(r, m * n);

            float[] want = new float[m * n];
            lin.apply(a, m, bias, want); // product + bias, then the passes the epilogue replaces
            float[] wantResidual = residual.clone();
            positional(n).apply(want, 0, m, 0, n, n);
            VectorOps.axpy(1f, want, 0, wantResidual, 0, m * n);

            float[] got = new float[m * n];
            float[] gotResidual = residual.clone();
            lin.apply(a, m, bias, got, positional(n).andThen(BlockEpilogue.addInto(gotResidual)));
            assertThat(got).as("trial %d (m %d, k %d, n %d)", trial, m, k, n).isEqualTo(want);
            assertThat(gotResidual).as("residual, trial %d", trial).isEqualTo(wantResidual);
        }
    }
}
