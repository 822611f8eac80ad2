package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class QuantizedMatrixTest {
    @Test
    void quantisationErrorIsAtMostHalfAStepPerGroup() {
        Random r = new Random(21);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + r.nextInt(20), k = 1 + r.nextInt(300);
            float[] w = new float[n * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * (trial % 3 == 0 ? 1e-3 : 1) * (i % 7 == 0 ? 10 : 1));
            }
            if (trial % 5 == 0) {
                java.util.Arrays.fill(w, 0, Math.min(w.length, QuantizedMatrix.GROUP), 0f); // an all-zero group
            }
            QuantizedMatrix q = QuantizedMatrix.quantize(WeightMatrix.ofArray(w, n, k));
            for (int row = 0; row < n; row++) {
                for (int g = 0; g * QuantizedMatrix.GROUP < k; g++) {
                    float max = 0;
                    for (int c = g * QuantizedMatrix.GROUP; c < Math.min(k, (g + 1) * QuantizedMatrix.GROUP); c++) {
                        max = Math.max(max, Math.abs(w[row * k + c]));
                    }
                    float step = max / 127f;
                    for (int c = g * QuantizedMatrix.GROUP; c < Math.min(k, (g + 1) * QuantizedMatrix.GROUP); c++) {
                        assertThat(q.get(row, c)).isCloseTo(w[row * k + c], offset(step * 0.5001f + 1e-30f));
                    }
                }
            }
        }
    }

    @Test
    void vectorGemvMatchesScalarReferenceOnRandomShapes() {
        Random r = new Random(22);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + r.nextInt(100), k = 1 + r.nextInt(400);
            float[] w = new float[n * k];
            float[] a = new float[k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < k; i++) {
                a[i] = (float) r.nextGaussian();
            }
            QuantizedMatrix q = QuantizedMatrix.quantize(WeightMatrix.ofArray(w, n, k));
            float[] got = new float[n], want = new float[n];
            q.gemv(a, got);
            q.gemvScalar(a, want);
            for (int i = 0; i < n; i++) {
                assertThat(got[i]).isCloseTo(want[i], offset(1e-4f * (float) Math.sqrt(k) + 1e-5f * Math.abs(want[i])));
            }
        }
    }

    @Test
    void linearRoutesRowsThroughTheRightPathsAndAgreesWithScalarMatMul() {
        Random r = new Random(23);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + r.nextInt(120), k = 1 + r.nextInt(trial % 4 == 3 ? 900 : 200); // k > KC: several k blocks
            int m = 1 + r.nextInt(trial % 2 == 0 ? 2 : 40);
            float[] w = new float[n * k];
            float[] a = new float[m * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            WeightMatrix wm = WeightMatrix.ofArray(w, n, k);
            float[] want = new float[m * n];
            ScalarMatMul.matmulT(a, m, wm, want);
            float[] got = new float[m * n];
            new Linear(wm).apply(a, m, got); // packed panels for m > 1, streamed w for m == 1
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], offset(1e-4f * (float) Math.sqrt(k) + 1e-5f * Math.abs(want[i])));
            }
            if (m == 1) {
                Linear q8 = new Linear(wm).withInt8Decode();
                float[] c8 = new float[n];
                q8.apply(a, 1, c8);
                float[] ref = new float[n];
                QuantizedMatrix.quantize(wm).gemvScalar(a, ref);
                for (int i = 0; i < n; i++) {
                    assertThat(c8[i]).isCloseTo(ref[i], offset(1e-4f * (float) Math.sqrt(k) + 1e-5f * Math.abs(ref[i])));
                }
            }
        }
    }

    @Test
    void packedPanelsEqualPackingOnTheFlyForAlignedAndUnalignedBlocks() {
        Random r = new Random(24);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(150), k = 1 + r.nextInt(100);
            float[] w = new float[n * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            WeightMatrix wm = WeightMatrix.ofArray(w, n, k);
            PackedWeights packed = PackedWeights.of(wm);
            PackedB fly = PackedB.transposed(wm);
            int j0 = trial % 2 == 0 ? Gemm.NR * r.nextInt(Gemm.ceilDiv(n, Gemm.NR)) : r.nextInt(n);
            int nb = 1 + r.nextInt(n - j0);
            int p0 = r.nextInt(k);
            int kc = 1 + r.nextInt(k - p0);
            int size = Gemm.ceilDiv(nb, Gemm.NR) * Gemm.NR * kc;
            float[] a = new float[size], b = new float[size];
            java.util.Arrays.fill(a, Float.NaN); // every slot must be written
            packed.pack(j0, nb, p0, kc, a, new float[PanelPacker.scratchSize(kc)]);
            fly.pack(j0, nb, p0, kc, b, new float[PanelPacker.scratchSize(kc)]);
            assertThat(a).as("j0=%d nb=%d p0=%d kc=%d", j0, nb, p0, kc).containsExactly(b);
        }
    }
}
