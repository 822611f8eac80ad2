package org.videollm4j.compress.select;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;

/**
 * DPSelect as a {@link FrameSelector}: keep round(ratio * T) frames by {@link DpSelect} score, with the
 * per-token pivot mask for PivotKV. ratio 1.0 (ReTaKe's shipped configs) keeps every frame and only
 * yields the mask.
 */
public final class DpSelectSelector implements FrameSelector {
    private final double ratio;
    private final DpSelect.Variant variant;

    public DpSelectSelector(double ratio, DpSelect.Variant variant) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("DPSelect ratio must be in (0, 1], got " + ratio);
        }
        this.ratio = ratio;
        this.variant = variant;
    }

    public DpSelect.Result run(VisualFeatures features) {
        return DpSelect.select(FeatureChange.of(features), features.frames(), features.tokensPerFrame(), ratio, variant);
    }

    @Override
    public FrameSelection select(VisualFeatures features) {
        return run(features).toSelection();
    }
}
