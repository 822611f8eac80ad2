package org.videollm4j.compress.select;

import org.videollm4j.compress.VisualFeatures;

/** Scores the clips of one QC-Comp segment; {@link QcCompScorer} is the LLM-attention implementation. */
public interface SegmentScorer {
    /** Number of layers the scores cover (rows of {@link #score}). */
    int layers();

    /**
     * @return (layers, segment clips) score of each clip of {@code plan.segments().get(segment)} at each
     *         scored layer
     */
    double[][] score(VisualFeatures features, QcCompPlan plan, int segment);
}
