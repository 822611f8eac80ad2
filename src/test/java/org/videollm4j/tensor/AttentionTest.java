package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class AttentionTest {
    private static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    @Test
    void blockedAndDirectPathsMatchScalarReferenceOnRandomShapes() {
        Random r = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            int hd = 1 + r.nextInt(80);
            int heads = 1 + r.nextInt(3);
            int stride = heads * hd + r.nextInt(5);   // rows of several heads, plus padding
            int head = r.nextInt(heads);
            boolean causal = r.nextBoolean();
            int nq = 1 + r.nextInt(trial % 3 == 0 ? 3 : 150); // direct (1-2 queries) and blocked paths
            int base = causal ? r.nextInt(40) : -1;
            int nk = causal ? base + nq + r.nextInt(3) : 1 + r.nextInt(200);
            int qFrom = r.nextInt(nq);
            int qTo = qFrom + 1 + r.nextInt(nq - qFrom);
            float[] q = random(r, nq * stride + 3, 1.5f);
            float[] k = random(r, nk * stride + 3, 1.5f);
            float[] v = random(r, nk * stride + 3, 1f);
            float scale = (float) (1 / Math.sqrt(hd));
            int off = head * hd;
            float[] got = new float[nq * stride];
            float[] want = new float[nq * stride];
            float[] rowSums = new float[nq];
            Attention.attendHead(q, off, stride, qFrom, qTo, k, v, off, stride, nk, hd, scale, base, got, off, stride,
                    (query, p, o, len) -> {
                        float s = 0;
                        for (int j = 0; j < len; j++) {
                            s += p[o + j];
                        }
                        rowSums[query] = s;
                        assertThat(len).isEqualTo(base >= 0 ? base + query + 1 : nk);
                    });
            Attention.attendScalar(q, off, stride, qFrom, qTo, k, v, off, stride, nk, hd, scale, base, want, off, stride);
            for (int i = 0; i < nq; i++) {
                boolean inRange = i >= qFrom && i < qTo;
                assertThat(rowSums[i]).isCloseTo(inRange ? 1f : 0f, offset(1e-4f));
                for (int c = 0; c < stride; c++) {
                    boolean written = inRange && c >= off && c < off + hd;
                    float w = written ? want[i * stride + c] : 0f; // nothing outside the head's rows/columns is touched
                    assertThat(got[i * stride + c]).as("trial %d row %d col %d", trial, i, c).isCloseTo(w, offset(2e-5f + 2e-5f * Math.abs(w)));
                }
            }
        }
    }

    @Test
    void separateKeyAndValueOffsetsReadAFusedProjection() {
        Random r = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            int hd = 1 + r.nextInt(40), heads = 1 + r.nextInt(3), d = heads * hd, head = r.nextInt(heads);
            int n = 1 + r.nextInt(trial % 2 == 0 ? 2 : 120); // direct and blocked paths
            float[] qkv = random(r, n * 3 * d, 1.5f); // (n, 3, heads, hd): q | k | v, as FusedLinear writes it
            float[] q = new float[n * d], k = new float[n * d], v = new float[n * d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(qkv, i * 3 * d, q, i * d, d);
                System.arraycopy(qkv, i * 3 * d + d, k, i * d, d);
                System.arraycopy(qkv, i * 3 * d + 2 * d, v, i * d, d);
            }
            float scale = (float) (1 / Math.sqrt(hd));
            int off = head * hd, base = r.nextBoolean() ? 0 : -1;
            float[] got = new float[n * d], want = new float[n * d];
            Attention.attendHead(qkv, off, 3 * d, 0, n, qkv, off + d, qkv, off + 2 * d, 3 * d, n, hd, scale, base,
                    got, off, d, null);
            Attention.attendHead(q, off, d, 0, n, k, v, off, d, n, hd, scale, base, want, off, d, null);
            assertThat(got).as("trial %d", trial).isEqualTo(want); // same arithmetic, only the addresses differ
        }
    }

    @Test
    void causalRangeBeyondTheKeysIsRejected() {
        float[] x = new float[64];
        assertThatThrownBy(() -> Attention.attendHead(x, 0, 4, 0, 4, x, x, 0, 4, 5, 4, 1f, 2, new float[64], 0, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 keys, have 5");
    }

    @Test
    void softmaxMatchesScalarAndSurvivesLargeScores() {
        Random r = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            int len = 1 + r.nextInt(100);
            float[] x = random(r, len + 2, 40f);
            float scale = 0.1f + r.nextFloat();
            float[] got = x.clone();
            Attention.softmaxScaled(got, 1, len, scale);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < len; i++) {
                max = Math.max(max, (double) x[1 + i] * scale);
            }
            double sum = 0;
            for (int i = 0; i < len; i++) {
                sum += Math.exp(x[1 + i] * scale - max);
            }
            assertThat(got[0]).isEqualTo(x[0]);
            assertThat(got[len + 1]).isEqualTo(x[len + 1]);
            for (int i = 0; i < len; i++) {
                assertThat((double) got[1 + i]).isCloseTo(Math.exp(x[1 + i] * scale - max) / sum, offset(1e-5));
            }
        }
    }
}
