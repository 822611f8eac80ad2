package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The vectorised panel packing and its in-register transposes against their definitions, element by element. */
class PanelPackerTest {
    @TempDir
    Path dir;

    @Test
    void transposesMatchTheirDefinition() {
        Random rnd = new Random(11);
        for (int lanes : new int[]{8, 16}) {
            int lds = lanes + 3, ldd = 3 * lanes; // strides wider than the block, as in the packer
            float[] src = Matrices.gaussian(rnd, 2 + lanes * lds);
            float[] got = new float[5 + lanes * ldd];
            float[] want = got.clone();
            for (int r = 0; r < lanes; r++) {
                for (int q = 0; q < lanes; q++) {
                    want[5 + q * ldd + r] = src[2 + r * lds + q];
                }
            }
            if (lanes == 16) {
                Transpose16.block(src, 2, lds, got, 5, ldd);
            } else {
                Transpose8.block(src, 2, lds, got, 5, ldd);
            }
            assertThat(got).as("%d x %d transpose", lanes, lanes).containsExactly(want);
        }
    }

    @Test
    void packIsBTransposedInPanelsWithZeroPadding() throws Exception {
        Random rnd = new Random(12);
        int nr = Gemm.NR;
        try (Arena arena = Arena.ofShared()) {
            for (int t = 0; t < 60; t++) {
                int n = 1 + rnd.nextInt(150), k = 1 + rnd.nextInt(120);
                DType dtype = DType.values()[t % 3];
                float[] values = Matrices.gaussian(rnd, n * k);
                WeightMatrix w = Matrices.store(values, dtype, n, k, Matrices.Storage.values()[t % 3], arena, dir);
                float[] dense = w.toFloatArray(); // (n, k) as stored (rounded to dtype)
                int j0 = rnd.nextInt(n), nb = 1 + rnd.nextInt(n - j0);
                int p0 = rnd.nextInt(k), kc = 1 + rnd.nextInt(k - p0);
                int dOff = rnd.nextInt(7), panelStride = kc * nr + rnd.nextInt(5);
                int panels = Gemm.ceilDiv(nb, nr);
                float[] got = new float[dOff + panels * panelStride + 3];
                java.util.Arrays.fill(got, Float.NaN);
                float[] want = got.clone();
                for (int j = 0; j < panels * nr; j++) {
                    for (int p = 0; p < kc; p++) {
                        want[dOff + (j / nr) * panelStride + p * nr + j % nr] =
                                j < nb ? dense[(j0 + j) * k + p0 + p] : 0f;
                    }
                }
                PanelPacker.pack(PanelPacker.rows(w), j0, nb, p0, kc, got, dOff, panelStride,
                        new float[PanelPacker.scratchSize(kc)]);
                assertThat(got).as("n=%d k=%d j0=%d nb=%d p0=%d kc=%d %s", n, k, j0, nb, p0, kc, dtype)
                        .containsExactly(want);
            }
        }
    }

    @Test
    void stackedPackingReadsEachPartsRows() {
        Random rnd = new Random(13);
        int k = 37;
        float[] a = Matrices.gaussian(rnd, 5 * k), b = Matrices.gaussian(rnd, 20 * k);
        WeightMatrix wa = new WeightMatrix(java.lang.foreign.MemorySegment.ofArray(a), DType.F32, 5, k);
        WeightMatrix wb = new WeightMatrix(java.lang.foreign.MemorySegment.ofArray(b), DType.F32, 20, k);
        PackedWeights stacked = PackedWeights.stacked(wa, wb);
        float[] x = Matrices.gaussian(rnd, 9 * k);
        float[] got = new float[9 * 25], wantA = new float[9 * 5], wantB = new float[9 * 20];
        stacked.matmulT(x, 9, got);
        ScalarMatMul.matmulT(x, 9, wa, wantA);
        ScalarMatMul.matmulT(x, 9, wb, wantB);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 25; j++) {
                float want = j < 5 ? wantA[i * 5 + j] : wantB[i * 20 + j - 5];
                assertThat(got[i * 25 + j]).as("row %d col %d", i, j).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }
}
