package org.videollm4j.compress.select;

import org.junit.jupiter.api.Test;
import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DpSelectTest {
    static final int N = 6, H = 16;

    /** Two "scenes": frames jitter slightly around scene base vectors; the scene changes at {@code cut}. */
    static VisualFeatures cutVideo(int frames, int cut, long seed) {
        Random r = new Random(seed);
        float[][] base = new float[2][N * H];
        for (float[] b : base) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextGaussian();
            }
        }
        float[] x = new float[frames * N * H];
        double[] ts = new double[frames];
        for (int t = 0; t < frames; t++) {
            float[] b = base[t < cut ? 0 : 1];
            for (int i = 0; i < N * H; i++) {
                x[t * N * H + i] = b[i] + 0.05f * (float) r.nextGaussian();
            }
            ts[t] = t * 0.5;
        }
        return new VisualFeatures(x, frames, N, H, ts);
    }

    @Test
    void aHardCutIsAPeakInBothVariants() {
        for (long seed = 0; seed < 20; seed++) {
            VisualFeatures f = cutVideo(80, 40, seed);
            for (DpSelect.Variant v : DpSelect.Variant.values()) {
                DpSelect.Result r = new DpSelectSelector(1.0, v).run(f);
                assertThat(r.keyframes()[40]).as("seed %d %s", seed, v).isTrue();
                assertThat(r.keyframes()[0]).as("d[0] = 1 makes frame 0 a peak").isTrue();
                for (int i = 0; i < N; i++) {
                    assertThat(r.tokenPeaks()[40 * N + i]).isTrue();
                }
                // the cut outranks every in-scene frame (frame 0 has d = 1 exactly, the cut d ~ 1 too)
                int[] top2 = DpSelect.select(FeatureChange.of(f), 80, N, 2.0 / 80, v).kept();
                assertThat(top2).as("seed %d %s", seed, v).contains(40);
            }
        }
    }

    @Test
    void distancesFollowTheDefinition() {
        VisualFeatures f = cutVideo(5, 3, 7);
        float[] d = FeatureChange.of(f);
        for (int n = 0; n < N; n++) {
            assertThat(d[n]).isEqualTo(1f);
        }
        // frame 2 token 4 by hand
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < H; i++) {
            double x = f.tokens()[f.offset(1, 4) + i], y = f.tokens()[f.offset(2, 4) + i];
            dot += x * y;
            a += x * x;
            b += y * y;
        }
        assertThat((double) d[2 * N + 4]).isCloseTo(1 - dot / Math.sqrt(a * b), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void streamingInBatchesEqualsOneShot() {
        VisualFeatures f = cutVideo(37, 20, 3);
        FeatureChange c = new FeatureChange(N, H);
        int ff = N * H;
        for (int t0 = 0; t0 < 37; t0 += 16) {
            int nf = Math.min(16, 37 - t0);
            float[] batch = new float[nf * ff];
            System.arraycopy(f.tokens(), t0 * ff, batch, 0, batch.length);
            c.add(batch, nf);
        }
        assertThat(c.distances()).containsExactly(FeatureChange.of(f));
    }

    @Test
    void peaksFollowMaxPoolFirstArgmax() {
        assertThat(DpSelect.peaks(new double[]{1, 0, 2, 2, 0, 3}, 3))
                .containsExactly(true, false, true, false, false, true);
        assertThat(DpSelect.peaks(new double[]{5, 5, 5}, 3)).containsExactly(true, false, false);
        assertThat(DpSelect.peaks(new double[]{0, 1, 0, 1, 0}, 5)).containsExactly(false, true, false, false, false);
    }

    @Test
    void ratioKeepsKFramesInTimeOrderWithTheHighestScores() {
        Random r = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int t = 2 + r.nextInt(60);
            VisualFeatures f = randomFeatures(t, r);
            double ratio = 0.05 + 0.95 * r.nextDouble();
            DpSelect.Variant v = DpSelect.Variant.values()[trial % 2];
            DpSelect.Result res = new DpSelectSelector(ratio, v).run(f);
            int k = (int) Math.max(1, Math.round(ratio * t));
            int[] kept = res.kept();
            assertThat(kept).hasSize(k).isSorted().doesNotHaveDuplicates();
            double minKept = Double.MAX_VALUE;
            for (int i : kept) {
                minKept = Math.min(minKept, res.frameScores()[i]);
            }
            for (int i = 0; i < t; i++) {
                final int fi = i;
                if (java.util.Arrays.stream(kept).noneMatch(j -> j == fi)) {
                    assertThat(res.frameScores()[i]).isLessThanOrEqualTo(minKept);
                }
            }
            FrameSelection s = res.toSelection();
            assertThat(s.pivotTokens()).hasSize(k * N);
            for (int j = 0; j < k; j++) {
                for (int n = 0; n < N; n++) {
                    assertThat(s.pivotTokens()[j * N + n]).isEqualTo(res.tokenPeaks()[kept[j] * N + n]);
                }
            }
        }
    }

    @Test
    void patchScoresAreTheMeanOfPerTokenScores() {
        Random r = new Random(5);
        VisualFeatures f = randomFeatures(12, r);
        float[] d = FeatureChange.of(f);
        DpSelect.Result res = DpSelect.select(d, 12, N, 1.0, DpSelect.Variant.PATCH);
        for (int t = 0; t < 12; t++) {
            double s = 0;
            for (int n = 0; n < N; n++) {
                s += (double) d[t * N + n] + (res.tokenPeaks()[t * N + n] ? 2 : 0);
            }
            assertThat(res.frameScores()[t]).isCloseTo(s / N, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(res.kept()).hasSize(12);
    }

    @Test
    void badRatiosAreRefused() {
        for (double bad : new double[]{0, -0.1, 1.01, Double.NaN}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DpSelectSelector(bad, DpSelect.Variant.PATCH))
                    .hasMessageContaining(String.valueOf(bad));
        }
    }

    static VisualFeatures randomFeatures(int t, Random r) {
        float[] x = new float[t * N * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double[] ts = new double[t];
        for (int i = 0; i < t; i++) {
            ts[i] = i;
        }
        return new VisualFeatures(x, t, N, H, ts);
    }
}
