package org.videollm4j.compress.select;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;

/**
 * Uniform sampling at a frame budget: k evenly spaced frames over the T sampled ones, indices
 * round(i * (T - 1) / (k - 1)) for i = 0..k-1 (half up), i.e. linspace(0, T-1, k) rounded, the rule
 * most VideoLLM loaders use (ReTaKe's dataset_utils also samples by linspace). The first and last
 * frames are always kept; with k = 1 the middle frame floor((T-1)/2) is kept. When k >= T every frame
 * is kept. The step is >= 1 when k <= T, so the indices are distinct.
 */
public final class UniformSelector implements FrameSelector {
    private final int budget;

    public UniformSelector(int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("frame budget must be >= 1, got " + budget);
        }
        this.budget = budget;
    }

    /** The kept indices for T frames. */
    public static int[] indices(int frames, int budget) {
        int k = Math.min(budget, frames);
        int[] idx = new int[k];
        if (k == 1) {
            idx[0] = (frames - 1) / 2;
            return idx;
        }
        for (int i = 0; i < k; i++) {
            idx[i] = (int) Math.floor((double) i * (frames - 1) / (k - 1) + 0.5);
        }
        return idx;
    }

    @Override
    public FrameSelection select(VisualFeatures features) {
        int t = features.frames();
        int[] kept = indices(t, budget);
        double[] scores = new double[t];
        for (int i : kept) {
            scores[i] = 1;
        }
        return new FrameSelection(kept, scores, new boolean[t], new boolean[0]);
    }
}
