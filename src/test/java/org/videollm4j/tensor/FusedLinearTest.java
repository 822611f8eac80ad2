package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FusedLinearTest {
    @Test
    void fusedProductEqualsEachPartsOwnLinearAndTheScalarReference() throws Exception {
        Random r = new Random(5);
        try (Arena arena = Arena.ofShared()) {
            for (int trial = 0; trial < 40; trial++) {
                int parts = 1 + r.nextInt(3);
                int k = 1 + r.nextInt(trial % 4 == 0 ? 900 : 150); // some beyond Gemm.KC: several k blocks
                int m = trial % 5 == 0 ? 1 : 1 + r.nextInt(70);   // one row takes the per-part path
                DType dtype = DType.values()[r.nextInt(3)];
                boolean biased = r.nextBoolean();
                Linear[] ls = new Linear[parts];
                float[][] biases = biased ? new float[parts][] : null;
                int n = 0;
                for (int p = 0; p < parts; p++) {
                    int out = 1 + r.nextInt(trial % 3 == 0 ? 130 : 70);
                    ls[p] = new Linear(Matrices.store(Matrices.gaussian(r, out * k), dtype, out, k,
                            Matrices.Storage.NATIVE, arena, null));
                    if (biased) {
                        biases[p] = Matrices.gaussian(r, out);
                    }
                    n += out;
                }
                FusedLinear fused = new FusedLinear(ls, biases);
                assertThat(fused.out()).isEqualTo(n);
                float[] a = Matrices.gaussian(r, m * k);
                float[] got = new float[m * n];
                fused.apply(a, m, got);
                for (int p = 0; p < parts; p++) {
                    int w = ls[p].out(), o = fused.offset(p);
                    float[] own = new float[m * w]; // the unfused path, as the layer ran before fusing
                    ls[p].apply(a, m, biased ? biases[p] : null, own);
                    float[] ref = new float[m * w];
                    ScalarMatMul.matmulT(a, m, ls[p].weights(), ref);
                    float[] gotPart = new float[m * w];
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(got, i * n + o, gotPart, i * w, w);
                        for (int j = 0; j < w && biased; j++) {
                            ref[i * w + j] += biases[p][j];
                        }
                    }
                    assertThat(gotPart).as("trial %d part %d (m %d, k %d, out %d)", trial, p, m, k, w).isEqualTo(own);
                    Matrices.assertClose(gotPart, ref, a, m, ls[p].weights().toFloatArray(), w, k, 1e-5,
                            "fused trial " + trial + " part " + p);
                }
            }
        }
    }

    @Test
    void partsMustShareTheInputWidthAndBiasesMustFit() {
        Linear a = new Linear(WeightMatrix.ofArray(new float[6], 2, 3));
        Linear b = new Linear(WeightMatrix.ofArray(new float[8], 2, 4));
        assertThatThrownBy(() -> new FusedLinear(new Linear[]{a, b}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same input width, got 4 and 3");
        assertThatThrownBy(() -> new FusedLinear(new Linear[]{a, a}, new float[][]{new float[2], new float[3]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias 1 has 3 values for 2 outputs");
        FusedLinear f = new FusedLinear(new Linear[]{a, a}, null);
        assertThatThrownBy(() -> f.apply(new float[6], 2, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c (2, 4)");
    }
}
