package org.videollm4j.compress.merge;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class BipartiteSoftMatchingTest {
    static float[] gaussian(Random r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void rZeroIsTheIdentity() {
        Random r = new Random(1);
        WeightedTokens w = WeightedTokens.of(gaussian(r, 10 * 8), 10, 8);
        WeightedTokens out = BipartiteSoftMatching.merge(w, TokenMetric.IDENTITY, 0);
        assertThat(out.x()).containsExactly(w.x());
        assertThat(out.sizes()).containsOnly(1f);
        assertThat(out.anchor()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    /** Pairs (2i, 2i+1) share a direction; A = B + noise growing with i, so the first pairs merge first. */
    @Test
    void mostSimilarPairsMergeIntoTheirMatchInReferenceOrder() {
        Random r = new Random(2);
        int pairs = 4, h = 16;
        float[] x = new float[2 * pairs * h];
        for (int p = 0; p < pairs; p++) {
            float[] dir = gaussian(r, h);
            for (int c = 0; c < h; c++) {
                x[(2 * p + 1) * h + c] = dir[c];
                x[2 * p * h + c] = dir[c] + 0.05f * (p + 1) * (float) r.nextGaussian();
            }
        }
        WeightedTokens out = BipartiteSoftMatching.merge(WeightedTokens.of(x, 2 * pairs, h), TokenMetric.IDENTITY, 2);
        assertThat(out.n()).isEqualTo(6);
        // unmerged A in rank order (pair 2 is more similar than pair 3), then B tokens 1, 3, 5, 7
        assertThat(out.anchor()).containsExactly(4, 6, 1, 3, 5, 7);
        assertThat(out.sizes()).containsExactly(1f, 1f, 2f, 2f, 1f, 1f);
        for (int c = 0; c < h; c++) {
            assertThat(out.x()[2 * h + c]).isCloseTo((x[c] + x[h + c]) / 2, offset(1e-6f));
            assertThat(out.x()[3 * h + c]).isCloseTo((x[2 * h + c] + x[3 * h + c]) / 2, offset(1e-6f));
            assertThat(out.x()[c]).isEqualTo(x[4 * h + c]);
        }
        assertThat(out.inAnchorOrder().anchor()).containsExactly(1, 3, 4, 5, 6, 7);
    }

    @Test
    void sizeWeightedMergeOfAMergedToken() {
        // round 1: tokens 0 -> 1 merge (size 2); round 2 on [a2, m(0,1), b3]: A = {a2, b3}, B = {m}; r = 1
        int h = 2;
        float[] x = {1, 0, 1.1f, 0, 0, 1, 0.9f, 0.05f};
        WeightedTokens w = WeightedTokens.of(x, 4, h);
        w = BipartiteSoftMatching.merge(w, TokenMetric.IDENTITY, 1);
        assertThat(w.anchor()).containsExactly(2, 1, 3);
        w = BipartiteSoftMatching.merge(w, TokenMetric.IDENTITY, 1);
        // A = {token anchored 2 (0,1), token anchored 3 (0.9, 0.05)}, B = {merged (1.05, 0), size 2}: 3 merges
        assertThat(w.anchor()).containsExactly(2, 1);
        assertThat(w.sizes()).containsExactly(1f, 3f);
        assertThat(w.x()[2]).isCloseTo((2 * 1.05f + 0.9f) / 3, offset(1e-6f));
        assertThat(w.x()[3]).isCloseTo((0.05f) / 3, offset(1e-6f));
    }

    @Test
    void mergesLeaveNMinusRTokensAndConserveMassAndSize() {
        Random r = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + r.nextInt(60), h = 1 + r.nextInt(12);
            float[] x = gaussian(r, n * h);
            WeightedTokens w = WeightedTokens.of(x, n, h);
            int rounds = 1 + r.nextInt(4);
            int expect = n;
            for (int k = 0; k < rounds; k++) {
                int rr = r.nextInt(n + 2);
                w = BipartiteSoftMatching.merge(w, TokenMetric.IDENTITY, rr);
                expect -= Math.min(rr, expect / 2);
                assertThat(w.n()).isEqualTo(expect);
            }
            double sizeSum = 0;
            double[] mass = new double[h];
            for (int i = 0; i < w.n(); i++) {
                sizeSum += w.sizes()[i];
                for (int c = 0; c < h; c++) {
                    mass[c] += (double) w.x()[i * h + c] * w.sizes()[i];
                }
            }
            assertThat(sizeSum).isEqualTo(n);
            for (int c = 0; c < h; c++) {
                double orig = 0;
                for (int i = 0; i < n; i++) {
                    orig += x[i * h + c];
                }
                assertThat(mass[c]).as("trial %d channel %d", trial, c).isCloseTo(orig, offset(1e-4 * (1 + Math.abs(orig)) * n));
            }
            assertThat(w.anchor()).doesNotHaveDuplicates();
        }
    }

    @Test
    void rIsCappedAtHalf() {
        Random r = new Random(4);
        assertThat(BipartiteSoftMatching.merge(WeightedTokens.of(gaussian(r, 10 * 3), 10, 3), TokenMetric.IDENTITY, 100).n()).isEqualTo(5);
        assertThat(BipartiteSoftMatching.merge(WeightedTokens.of(gaussian(r, 11 * 3), 11, 3), TokenMetric.IDENTITY, 100).n()).isEqualTo(6);
        assertThat(BipartiteSoftMatching.merge(WeightedTokens.of(gaussian(r, 3), 1, 3), TokenMetric.IDENTITY, 5).n()).isEqualTo(1);
    }

    @Test
    void channelGroupMeansFoldStridedChannels() {
        // h = 6, 3 groups of width 2: metric[j] = mean(x[j], x[2 + j], x[4 + j])
        float[] m = TokenMetric.channelGroupMeans(3).of(new float[]{1, 2, 3, 4, 5, 6}, 1, 6);
        assertThat(m).containsExactly(3f, 4f);
    }
}
