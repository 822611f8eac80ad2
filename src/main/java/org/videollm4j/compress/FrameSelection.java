package org.videollm4j.compress;

import java.util.Arrays;

/**
 * What a frame selector decided about the sampled frames 0..frames-1.
 *
 * @param kept        indices of the kept frames, strictly increasing (time order)
 * @param scores      (frames) the selector's score of every sampled frame (higher = more worth keeping;
 *                    +infinity marks frames kept unconditionally, e.g. QC-Comp edge clips)
 * @param keyframes   (frames) whether each sampled frame is a keyframe (DPSelect peak); all false for
 *                    selectors without that notion
 * @param pivotTokens (kept.length, tokensPerFrame) whether each visual token of the kept frames is a
 *                    pivot that PivotKV should protect (DPSelect's per-token peak mask), in kept order;
 *                    length 0 for selectors without that notion
 */
public record FrameSelection(int[] kept, double[] scores, boolean[] keyframes, boolean[] pivotTokens) {
    public FrameSelection {
        if (keyframes.length != scores.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + keyframes.length + " keyframe flags");
        }
        if (kept.length == 0) {
            throw new IllegalArgumentException("a selection keeps at least one frame");
        }
        int prev = -1;
        for (int t : kept) {
            if (t <= prev || t >= scores.length) {
                throw new IllegalArgumentException("kept frames must be strictly increasing in [0, " + scores.length
                        + "), got " + Arrays.toString(kept));
            }
            prev = t;
        }
        if (pivotTokens.length != 0 && pivotTokens.length % kept.length != 0) {
            throw new IllegalArgumentException("pivot mask of " + pivotTokens.length + " tokens is not (kept="
                    + kept.length + ", tokensPerFrame)");
        }
    }

    /** Number of sampled frames the selection was made from. */
    public int frames() {
        return scores.length;
    }

    public boolean hasPivots() {
        return pivotTokens.length > 0;
    }
}
