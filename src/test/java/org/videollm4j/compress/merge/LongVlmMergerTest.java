package org.videollm4j.compress.merge;

import org.junit.jupiter.api.Test;
import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.prompt.SmolVlmPrompt;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class LongVlmMergerTest {
    static VisualFeatures features(int t, int n, int h, long seed) {
        Random r = new Random(seed);
        float[] x = new float[t * n * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double[] ts = new double[t];
        for (int i = 0; i < t; i++) {
            ts[i] = 2.0 * i;
        }
        return new VisualFeatures(x, t, n, h, ts);
    }

    @Test
    void halvingScheduleReachesTheTarget() {
        assertThat(LongVlmMerger.halvingTo(2560, 30)).containsExactly(1280, 640, 320, 160, 80, 40, 10);
        assertThat(LongVlmMerger.halvingTo(640, 30)).containsExactly(320, 160, 80, 40, 10);
        assertThat(LongVlmMerger.halvingTo(20, 30)).isEmpty();
    }

    @Test
    void segmentsGetTheScheduledTokensAndGlobalTokensComeFirst() {
        int t = 25, n = 8, h = 32;
        VisualFeatures f = features(t, n, h, 1);
        for (LongVlmMerger.Order order : LongVlmMerger.Order.values()) {
            LongVlmMerger m = new LongVlmMerger(new LongVlmMerger.Config(10, LongVlmMerger.halvingTo(80, 12), 2,
                    TokenMetric.channelGroupMeans(16), order));
            MergedVideo v = m.merge(f);
            assertThat(v.segments()).hasSize(3);
            MergedVideo.Segment last = v.segments().get(2);
            assertThat(last.firstFrame()).isEqualTo(20);
            assertThat(last.endFrame()).isEqualTo(25);
            assertThat(last.startS()).isEqualTo(40.0);
            assertThat(last.endS()).isEqualTo(48.0);
            assertThat(v.segments().get(0).count()).isEqualTo(12);
            // the fixed r list over-merges a short tail segment: 40 -(40 capped to 20)-> 20 -(20 capped to 10)-> 10 -(8 capped to 5)-> 5
            assertThat(last.count()).isEqualTo(5);
            float sizeSum = 0;
            for (float s : v.segments().get(0).sizes()) {
                sizeSum += s;
            }
            assertThat(sizeSum).isEqualTo(80f);
            for (int fi : last.frameIndex()) {
                assertThat(fi).isBetween(20, 24);
            }
            if (order == LongVlmMerger.Order.TEMPORAL) {
                assertThat(v.segments().get(0).frameIndex()).isSorted();
            }
            float[] all = v.features();
            assertThat(all).hasSize(v.totalTokens() * h);
            assertThat(v.totalTokens()).isEqualTo(2 + 12 + 12 + 5);
            // global token 0 = mean over frames 0..11 of all tokens; it sits at row 0
            for (int c = 0; c < h; c++) {
                double s = 0;
                for (int fr = 0; fr < 12; fr++) {
                    for (int i = 0; i < n; i++) {
                        s += f.tokens()[f.offset(fr, i) + c];
                    }
                }
                assertThat(all[c]).isCloseTo((float) (s / (12 * n)), offset(1e-5f));
            }
            assertThat(java.util.Arrays.copyOfRange(all, 2 * h, 3 * h))
                    .containsExactly(java.util.Arrays.copyOfRange(v.segments().get(0).tokens(), 0, h));
        }
    }

    @Test
    void bothOrdersHoldTheSameTokens() {
        VisualFeatures f = features(10, 6, 16, 2);
        int[] sched = LongVlmMerger.halvingTo(60, 9);
        MergedVideo a = new LongVlmMerger(new LongVlmMerger.Config(10, sched, 0, TokenMetric.IDENTITY,
                LongVlmMerger.Order.REFERENCE)).merge(f);
        MergedVideo b = new LongVlmMerger(new LongVlmMerger.Config(10, sched, 0, TokenMetric.IDENTITY,
                LongVlmMerger.Order.TEMPORAL)).merge(f);
        MergedVideo.Segment sa = a.segments().getFirst(), sb = b.segments().getFirst();
        assertThat(sa.count()).isEqualTo(9).isEqualTo(sb.count());
        for (int i = 0; i < 9; i++) {
            int j = 0;
            while (sb.frameIndex()[j] != sa.frameIndex()[i] || sb.sizes()[j] != sa.sizes()[i]
                    || sb.tokens()[j * 16] != sa.tokens()[i * 16]) {
                j++;
            }
            assertThat(java.util.Arrays.copyOfRange(sb.tokens(), j * 16, j * 16 + 16))
                    .containsExactly(java.util.Arrays.copyOfRange(sa.tokens(), i * 16, i * 16 + 16));
        }
        assertThat(a.globalCount()).isZero();
    }

    @Test
    void emptyScheduleKeepsEveryToken() {
        VisualFeatures f = features(4, 5, 16, 3);
        MergedVideo v = new LongVlmMerger(new LongVlmMerger.Config(2, new int[0], 1, TokenMetric.IDENTITY,
                LongVlmMerger.Order.TEMPORAL)).merge(f);
        assertThat(v.totalTokens()).isEqualTo(1 + 20);
        assertThat(v.segments().get(1).tokens()).containsExactly(java.util.Arrays.copyOfRange(f.tokens(), 2 * 5 * 16, 4 * 5 * 16));
    }

    @Test
    void promptBlockHasOneImageTokenPerMergedToken() {
        VisualFeatures f = features(25, 8, 32, 4);
        MergedVideo v = new LongVlmMerger(LongVlmMerger.Config.defaults(8, 32)).merge(f);
        String text = MergedPrompt.videoBlock(v, 50.0, SmolVlmPrompt.Tokens.DEFAULT);
        int count = (text.length() - text.replace("<image>", "").length()) / "<image>".length();
        assertThat(count).isEqualTo(v.totalTokens());
        assertThat(text).contains("Frames from 00:40 to 00:48:").contains("three segments");
        assertThat(text.indexOf("Summary")).isLessThan(text.indexOf("Frames from 00:00"));
        assertThat(MergedPrompt.layout(v)).hasSize(4);
    }

    @Test
    void embeddingsSpliceMergedTokensIntoImagePlaceholders() {
        try (org.videollm4j.model.smolvlm.SmolVlmModel model =
                     org.videollm4j.model.smolvlm.SmolVlmModel.load(java.nio.file.Path.of("testdata/models/tiny-gqa-f32"))) {
            int img = model.config().imageTokenId(), h = model.config().text().hiddenSize();
            int[] ids = {1, img, img, 5, img};
            float[] feats = new float[3 * h];
            for (int i = 0; i < feats.length; i++) {
                feats[i] = i;
            }
            float[] e = MergedPrompt.embeddings(model, ids, feats, 3);
            float[] plain = model.embed(ids);
            assertThat(java.util.Arrays.copyOfRange(e, h, 3 * h)).containsExactly(java.util.Arrays.copyOfRange(feats, 0, 2 * h));
            assertThat(java.util.Arrays.copyOfRange(e, 4 * h, 5 * h)).containsExactly(java.util.Arrays.copyOfRange(feats, 2 * h, 3 * h));
            assertThat(java.util.Arrays.copyOfRange(e, 3 * h, 4 * h)).containsExactly(java.util.Arrays.copyOfRange(plain, 3 * h, 4 * h));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MergedPrompt.embeddings(model, ids, feats, 2))
                    .hasMessageContaining("3 image tokens but 2");
        }
    }
}
