package org.videollm4j.compress.select;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class QcCompTest {
    @Test
    void planFollowsTheReferenceSegmentRule() {
        QcCompPlan p = QcCompPlan.plan(64, new QcCompPlan.Config(1, 8, 4));
        assertThat(p.segments()).hasSize(15);
        assertThat(p.segments().getLast()).isEqualTo(new QcCompPlan.Range(56, 64));
        for (int c = 0; c < 64; c++) {
            boolean edge = c < 4 || c >= 60;
            assertThat(p.coverage()[c]).as("clip %d", c).isEqualTo(edge ? 1 : 2);
            assertThat(p.edge()[c]).isEqualTo(edge);
        }
        // 70 frames in clips of 2 = 35 clips; segments start at 0, 4, ..., 24 (28 + 8 > 35): clips 32..34 unscored
        QcCompPlan q = QcCompPlan.plan(70, new QcCompPlan.Config(2, 8, 4));
        assertThat(q.clips()).hasSize(35);
        assertThat(q.segments().getLast()).isEqualTo(new QcCompPlan.Range(24, 32));
        assertThat(q.coverage()[33]).isZero();
        assertThat(q.edge()[33]).isTrue();
        // fewer clips than a segment: one segment of all
        QcCompPlan small = QcCompPlan.plan(5, new QcCompPlan.Config(1, 8, 4));
        assertThat(small.segments()).containsExactly(new QcCompPlan.Range(0, 5));
        assertThat(small.edge()).containsOnly(false);
    }

    @Test
    void planPropertiesOverRandomShapes() {
        Random r = new Random(9);
        for (int trial = 0; trial < 300; trial++) {
            int t = 1 + r.nextInt(200);
            QcCompPlan.Config cfg = new QcCompPlan.Config(1 + r.nextInt(4), 1 + r.nextInt(10), 1 + r.nextInt(6));
            QcCompPlan p = QcCompPlan.plan(t, cfg);
            int next = 0;
            for (QcCompPlan.Range c : p.clips()) {
                assertThat(c.first()).isEqualTo(next);
                assertThat(c.size()).isBetween(1, cfg.clipFrames());
                next = c.end();
            }
            assertThat(next).isEqualTo(t);
            int n = p.clips().size();
            for (QcCompPlan.Range s : p.segments()) {
                assertThat(s.end()).isLessThanOrEqualTo(n);
                assertThat(s.size()).isEqualTo(Math.min(n, cfg.segmentClips()));
            }
            int max = java.util.Arrays.stream(p.coverage()).max().orElseThrow();
            assertThat(max).isPositive();
            for (int c = 0; c < n; c++) {
                assertThat(p.edge()[c]).isEqualTo(p.coverage()[c] < max);
            }
        }
    }

    /** Fake scorer: a clip scores 1 when it holds a "needle" frame, 0.1 otherwise, at every layer. */
    static SegmentScorer needleScorer(int layers, int... needles) {
        return new SegmentScorer() {
            public int layers() {
                return layers;
            }

            public double[][] score(VisualFeatures f, QcCompPlan plan, int segment) {
                QcCompPlan.Range s = plan.segments().get(segment);
                double[][] out = new double[layers][s.size()];
                for (int l = 0; l < layers; l++) {
                    for (int c = 0; c < s.size(); c++) {
                        QcCompPlan.Range clip = plan.clips().get(s.first() + c);
                        boolean hit = false;
                        for (int nd : needles) {
                            hit |= nd >= clip.first() && nd < clip.end();
                        }
                        out[l][c] = hit ? 1 : 0.1;
                    }
                }
                return out;
            }
        };
    }

    static VisualFeatures blank(int t, int n, int h) {
        double[] ts = new double[t];
        for (int i = 0; i < t; i++) {
            ts[i] = i;
        }
        return new VisualFeatures(new float[t * n * h], t, n, h, ts);
    }

    @Test
    void aggregationMeansOverSegmentsAndSumsOverLayers() {
        QcCompPlan p = QcCompPlan.plan(12, new QcCompPlan.Config(1, 4, 2)); // segments [0,4) [2,6) [4,8) [6,10) [8,12)
        double[][][] raw = new double[5][2][4];
        for (int s = 0; s < 5; s++) {
            for (int l = 0; l < 2; l++) {
                for (int c = 0; c < 4; c++) {
                    raw[s][l][c] = s + 10 * l + 100 * c;
                }
            }
        }
        double[] f = QcComp.frameScores(p, raw, QcComp.Edges.AVERAGE);
        // frame 5: in segment 1 (clip 3) and segment 2 (clip 1); layer 0: (1+300 + 2+100)/2; layer 1: +10 each
        assertThat(f[5]).isCloseTo((301 + 102) / 2.0 + (311 + 112) / 2.0, offset(1e-9));
        // frame 0: only segment 0 clip 0: layer sums 0 + 10
        assertThat(f[0]).isCloseTo(10.0, offset(1e-9));
        double[] k = QcComp.frameScores(p, raw, QcComp.Edges.KEEP);
        assertThat(k[0]).isInfinite();
        assertThat(k[1]).isInfinite();
        assertThat(k[11]).isInfinite();
        assertThat(k[5]).isEqualTo(f[5]);
    }

    @Test
    void selectionKeepsNeedlesAndEdgesInTimeOrder() {
        VisualFeatures f = blank(40, 2, 4);
        QcCompPlan.Config cfg = new QcCompPlan.Config(1, 8, 4);
        FrameSelection keep = new QcComp(cfg, needleScorer(3, 17, 25), 10, QcComp.Edges.KEEP).select(f);
        assertThat(keep.kept()).containsExactly(0, 1, 2, 3, 17, 25, 36, 37, 38, 39);
        FrameSelection avg = new QcComp(cfg, needleScorer(3, 17, 25), 2, QcComp.Edges.AVERAGE).select(f);
        assertThat(avg.kept()).containsExactly(17, 25);
        assertThatThrownBy(() -> new QcComp(cfg, needleScorer(1), 0, QcComp.Edges.KEEP)).hasMessageContaining("got 0");
    }

    @Test
    void middleLayersScaleTheReferenceRange() {
        assertThat(QcCompScorer.middleLayers(28)).containsExactly(6, 24);
        assertThat(QcCompScorer.middleLayers(30)).containsExactly(6, 26);
        assertThat(QcCompScorer.middleLayers(2)).containsExactly(0, 2);
        assertThat(QcCompScorer.middleLayers(1)).containsExactly(0, 1);
    }

    /**
     * Model level: with a decoder that attends by input similarity, the frames whose tokens match the
     * question's channels get the top scores, in every segment and overall.
     */
    @Test
    void onTheLlmTheQuestionPicksTheFramesItPointsAt(@TempDir Path tmp) throws Exception {
        Path dir = AttentionProbeModel.write(tmp.resolve("probe"), 1.5f);
        try (SmolVlmModel model = SmolVlmModel.load(dir)) {
            int h = 64, n = 4, t = 24;
            Random r = new Random(5);
            float[] u = {3, 3, 3, 3};
            float[] w = {3, -3, 3, -3};
            float[] x = new float[t * n * h];
            for (int fr = 0; fr < t; fr++) {
                float[] dir4 = fr == 9 || fr == 14 ? u : (fr % 2 == 0 ? w : new float[]{-3, -3, 3, 3});
                for (int i = 0; i < n; i++) {
                    fill(x, (fr * n + i) * h, dir4, r);
                }
            }
            float[] prefix = new float[3 * h];
            for (int i = 0; i < 3; i++) {
                fill(prefix, i * h, new float[]{3, 3, -3, -3}, r);
            }
            float[] question = new float[5 * h];
            for (int i = 0; i < 5; i++) {
                fill(question, i * h, i == 0 ? w : u, r); // token 0 = "time text", skipped
            }
            double[] ts = new double[t];
            for (int i = 0; i < t; i++) {
                ts[i] = i;
            }
            VisualFeatures f = new VisualFeatures(x, t, n, h, ts);
            QcCompScorer scorer = new QcCompScorer(model.textModel(), prefix, question, 1, 0, 2);
            QcCompPlan.Config cfg = new QcCompPlan.Config(1, 8, 4);
            QcCompPlan plan = QcCompPlan.plan(t, cfg);
            for (int s = 0; s < plan.segments().size(); s++) {
                double[][] sc = scorer.score(f, plan, s);
                QcCompPlan.Range seg = plan.segments().get(s);
                for (double[] layer : sc) {
                    double total = 0;
                    for (int c = 0; c < layer.length; c++) {
                        assertThat(layer[c]).isBetween(0.0, 1.0);
                        total += layer[c] * n;
                        int frame = seg.first() + c;
                        boolean target = frame == 9 || frame == 14;
                        for (int c2 = 0; c2 < layer.length; c2++) {
                            int other = seg.first() + c2;
                            if (target && other != 9 && other != 14) {
                                assertThat(layer[c]).as("segment %d frame %d vs %d", s, frame, other)
                                        .isGreaterThan(5 * layer[c2]);
                            }
                        }
                    }
                    assertThat(total).isLessThanOrEqualTo(1.0 + 1e-6);
                }
            }
            FrameSelection sel = new QcComp(cfg, scorer, 2, QcComp.Edges.AVERAGE).select(f);
            assertThat(sel.kept()).containsExactly(9, 14);
            FrameSelection keep = new QcComp(cfg, scorer, 10, QcComp.Edges.KEEP).select(f);
            assertThat(keep.kept()).containsExactly(0, 1, 2, 3, 9, 14, 20, 21, 22, 23);
        }
    }

    @Test
    void scorerRunsOnTokenIdsWithTheTinyModel() {
        try (SmolVlmModel model = SmolVlmModel.load(AttentionProbeModel.TINY)) {
            int n = model.tokensPerImage(), h = model.config().text().hiddenSize();
            Random r = new Random(6);
            float[] x = new float[10 * n * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            double[] ts = new double[10];
            for (int i = 0; i < 10; i++) {
                ts[i] = 0.5 * i;
            }
            QcCompScorer s = QcCompScorer.of(model, new int[]{1, 2, 3}, new int[]{10, 11, 12, 13}, 1);
            QcCompPlan plan = QcCompPlan.plan(10, QcCompPlan.Config.defaults());
            double[][] sc = s.score(new VisualFeatures(x, 10, n, h, ts), plan, 0);
            assertThat(sc.length).isEqualTo(s.layers()).isEqualTo(2);
            for (double[] l : sc) {
                assertThat(l).hasSize(8);
                for (double v : l) {
                    assertThat(v).isPositive().isLessThan(1.0);
                }
            }
        }
    }

    static void fill(float[] x, int off, float[] dir4, Random r) {
        for (int c = 0; c < 64; c++) {
            x[off + c] = c < 4 ? dir4[c] : 0.1f * (float) r.nextGaussian();
        }
    }
}
