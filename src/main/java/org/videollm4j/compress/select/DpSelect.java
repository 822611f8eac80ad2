package org.videollm4j.compress.select;

import org.videollm4j.compress.FrameSelection;

/**
 * DPSelect (ReTaKe, arXiv 2412.20504), the pure core: keyframes are peaks in time of the visual tokens'
 * change d[t, n] (see {@link FeatureChange}). Follows retake/visual_compression.py,
 * memory_bank_compress_keyframe:
 * <ul>
 * <li>peaks: t is a peak when it is the arg-max of the window [t - w/2, t + w/2] (w = 3), ties going
 *     to the earliest index as max_pool1d_with_indices reports them: d[t] must beat every earlier
 *     neighbour strictly and every later one or tie. Out-of-range neighbours are absent (-inf padding).</li>
 * <li>FRAME variant ({@code sync=True}): d is averaged over the spatial tokens first; a frame's peak
 *     flag is repeated over all its tokens for the pivot mask.</li>
 * <li>PATCH variant (shipped default, {@code sync=False}): peaks per spatial token, score d + 2 * peak
 *     per token. The reference then takes top-k over time PER TOKEN, so each spatial position keeps its
 *     own time steps and a "frame" of the output mixes tokens of different times. Our prompt gives every
 *     frame one timestamp, so we keep whole frames instead: a frame's score is the mean over its tokens
 *     of d + 2 * peak (the reference's per-token score, aggregated per frame). The shipped ratio is 1.0,
 *     where both agree: every frame kept, the pivot mask being the per-token peaks.</li>
 * <li>selection: the top k = round(ratio * T) frame scores, sorted by time.</li>
 * </ul>
 * A frame counts as a keyframe when it is a frame-level peak (FRAME) or when at least half of its
 * tokens are peaks (PATCH; our definition, for listing keyframes).
 */
public final class DpSelect {
    /** How peaks are found: over the frame-mean change, or per spatial token. */
    public enum Variant { PATCH, FRAME }

    /** Fraction of peak tokens that makes a frame a keyframe in the PATCH variant. */
    public static final double PATCH_KEYFRAME_FRACTION = 0.5;

    /** ReTaKe's peak window. */
    public static final int WINDOW = 3;

    /**
     * @param frameScores  (T) per-frame selection score (d + 2 * peak, per-token scores averaged for PATCH)
     * @param keyframes    (T) keyframe flag per frame
     * @param tokenPeaks   (T, N) pivot flag per visual token of every sampled frame
     * @param peakFraction (T) share of each frame's tokens that are peaks
     * @param kept         the selected frames, in time order
     */
    public record Result(double[] frameScores, boolean[] keyframes, boolean[] tokenPeaks, double[] peakFraction,
                         int[] kept, int tokensPerFrame) {
        /** As a {@link FrameSelection}, with the pivot mask of the kept frames' tokens. */
        public FrameSelection toSelection() {
            int n = tokensPerFrame;
            boolean[] pivots = new boolean[kept.length * n]; // (kept, tokensPerFrame)
            for (int j = 0; j < kept.length; j++) {
                System.arraycopy(tokenPeaks, kept[j] * n, pivots, j * n, n);
            }
            return new FrameSelection(kept, frameScores, keyframes, pivots);
        }
    }

    private DpSelect() {
    }

    /**
     * @param d (frames, tokensPerFrame) feature change, {@link FeatureChange}
     */
    public static Result select(float[] d, int frames, int tokensPerFrame, double ratio, Variant variant) {
        if (frames <= 0 || tokensPerFrame <= 0 || d.length != frames * tokensPerFrame) {
            throw new IllegalArgumentException("d must be (" + frames + ", " + tokensPerFrame + "), got " + d.length);
        }
        int k = TopK.countForRatio(ratio, frames);
        int n = tokensPerFrame;
        double[] score = new double[frames];
        boolean[] key = new boolean[frames];
        boolean[] tokenPeaks = new boolean[frames * n]; // (frames, tokensPerFrame)
        double[] fraction = new double[frames];
        if (variant == Variant.FRAME) {
            double[] mean = new double[frames];
            for (int t = 0; t < frames; t++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += d[t * n + i];
                }
                mean[t] = s / n;
            }
            boolean[] p = peaks(mean, WINDOW);
            for (int t = 0; t < frames; t++) {
                score[t] = mean[t] + (p[t] ? 2 : 0);
                key[t] = p[t];
                fraction[t] = p[t] ? 1 : 0;
                for (int i = 0; i < n; i++) {
                    tokenPeaks[t * n + i] = p[t];
                }
            }
        } else {
            double[] series = new double[frames];
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < frames; t++) {
                    series[t] = d[t * n + i];
                }
                boolean[] p = peaks(series, WINDOW);
                for (int t = 0; t < frames; t++) {
                    tokenPeaks[t * n + i] = p[t];
                    score[t] += series[t] + (p[t] ? 2 : 0);
                    fraction[t] += p[t] ? 1 : 0;
                }
            }
            for (int t = 0; t < frames; t++) {
                score[t] /= n;
                fraction[t] /= n;
                key[t] = fraction[t] >= PATCH_KEYFRAME_FRACTION;
            }
        }
        return new Result(score, key, tokenPeaks, fraction, TopK.inTimeOrder(score, k), n);
    }

    /**
     * Local maxima with max_pool1d_with_indices semantics (odd window, stride 1, padding w/2): t is a peak
     * when it is the first arg-max of its window.
     */
    public static boolean[] peaks(double[] x, int window) {
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("peak window must be odd and >= 1, got " + window);
        }
        int half = window / 2;
        boolean[] out = new boolean[x.length];
        for (int t = 0; t < x.length; t++) {
            boolean peak = true;
            for (int j = Math.max(0, t - half); j < t && peak; j++) {
                peak = x[t] > x[j];
            }
            for (int j = t + 1; j <= Math.min(x.length - 1, t + half) && peak; j++) {
                peak = x[t] >= x[j];
            }
            out[t] = peak;
        }
        return out;
    }
}
