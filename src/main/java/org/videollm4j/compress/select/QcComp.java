package org.videollm4j.compress.select;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;

/**
 * QC-Comp (XComp, NeurIPS 2025) question-conditioned frame selection as a {@link FrameSelector} built
 * for one question: plan segments ({@link QcCompPlan}), score each segment's clips ({@link SegmentScorer}),
 * aggregate ({@link #frameScores}) and keep the top-k frames in time order ({@link TopK}).
 */
public final class QcComp implements FrameSelector {
    /** What to do with edge clips (covered by fewer segments). */
    public enum Edges {
        /** Score +infinity: always kept, as get_clip_scores does (1e9). */
        KEEP,
        /**
         * Average the segments that do cover them (clips no segment covers still get +infinity). Closer to
         * the reference's full pipeline, whose outer loop (modeling_videochat_flash.py, generate) runs
         * cyclically shifted windows and drops the 1e9 values from the per-frame means, so edges are scored
         * by the passes where they are interior.
         */
        AVERAGE
    }

    private final QcCompPlan.Config config;
    private final SegmentScorer scorer;
    private final int budget;
    private final Edges edges;

    public QcComp(QcCompPlan.Config config, SegmentScorer scorer, int budget, Edges edges) {
        if (budget <= 0) {
            throw new IllegalArgumentException("QC-Comp frame budget must be >= 1, got " + budget);
        }
        this.config = config;
        this.scorer = scorer;
        this.budget = budget;
        this.edges = edges;
    }

    @Override
    public FrameSelection select(VisualFeatures features) {
        QcCompPlan plan = QcCompPlan.plan(features.frames(), config);
        double[][][] raw = new double[plan.segments().size()][][];
        for (int s = 0; s < raw.length; s++) {
            raw[s] = scorer.score(features, plan, s);
        }
        double[] scores = frameScores(plan, raw, edges);
        int[] kept = TopK.inTimeOrder(scores, Math.min(budget, features.frames()));
        return new FrameSelection(kept, scores, new boolean[features.frames()], new boolean[0]);
    }

    /**
     * Pure aggregation (XComp modeling_qwen2_flash.py get_clip_scores + modeling_videochat_flash.py
     * generate): per layer, a clip's score is the mean over the segments holding it; a frame's score is the
     * sum over layers of its clip's score (all frames of a clip share it). Edge clips per {@code edges}.
     *
     * @param raw (segments, layers, segment clips) scores from a {@link SegmentScorer}
     * @return (frames)
     */
    public static double[] frameScores(QcCompPlan plan, double[][][] raw, Edges edges) {
        int clips = plan.clips().size();
        if (raw.length != plan.segments().size()) {
            throw new IllegalArgumentException(raw.length + " segment scores for " + plan.segments().size() + " segments");
        }
        int layers = raw.length == 0 ? 0 : raw[0].length;
        double[] clipScore = new double[clips];
        for (int l = 0; l < layers; l++) {
            double[] sum = new double[clips];
            for (int s = 0; s < raw.length; s++) {
                QcCompPlan.Range seg = plan.segments().get(s);
                if (raw[s].length != layers || raw[s][l].length != seg.size()) {
                    throw new IllegalArgumentException("segment " + s + " scores must be (" + layers + ", " + seg.size() + ")");
                }
                for (int c = seg.first(); c < seg.end(); c++) {
                    sum[c] += raw[s][l][c - seg.first()];
                }
            }
            for (int c = 0; c < clips; c++) {
                if (plan.coverage()[c] > 0) {
                    clipScore[c] += sum[c] / plan.coverage()[c];
                }
            }
        }
        double[] frames = new double[plan.frames()];
        for (int c = 0; c < clips; c++) {
            boolean always = plan.coverage()[c] == 0 || (edges == Edges.KEEP && plan.edge()[c]);
            QcCompPlan.Range r = plan.clips().get(c);
            for (int f = r.first(); f < r.end(); f++) {
                frames[f] = always ? Double.POSITIVE_INFINITY : clipScore[c];
            }
        }
        return frames;
    }
}
