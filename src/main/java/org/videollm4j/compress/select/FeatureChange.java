package org.videollm4j.compress.select;

import org.videollm4j.compress.VisualFeatures;

import java.util.Arrays;

/**
 * DPSelect step 1, streamed: d[t, n] = 1 - cos(v[t, n], v[t-1, n]) with d[0, n] = 1 (ReTaKe
 * retake/visual_compression.py, memory_bank_compress_keyframe: cosine of adjacent frames per spatial
 * token, a row of ones prepended). Only the previous frame's tokens are held, so an hour of video costs
 * T * N floats here instead of T * N * H: frames can be fed in batches as the vision encoder emits them.
 */
public final class FeatureChange {
    /** torch.nn.functional.cosine_similarity's default eps: guards all-zero tokens. */
    static final double EPS = 1e-8;

    private final int tokensPerFrame;
    private final int hidden;
    private float[] previous;      // (tokensPerFrame, hidden) last frame seen, null before the first
    private float[] d = new float[0]; // (frames, tokensPerFrame), grown by doubling
    private int frames;

    public FeatureChange(int tokensPerFrame, int hidden) {
        if (tokensPerFrame <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("tokensPerFrame and hidden must be > 0, got " + tokensPerFrame + ", " + hidden);
        }
        this.tokensPerFrame = tokensPerFrame;
        this.hidden = hidden;
    }

    /** The distances of all frames of {@code f}. */
    public static float[] of(VisualFeatures f) {
        FeatureChange c = new FeatureChange(f.tokensPerFrame(), f.hidden());
        c.add(f.tokens(), f.frames());
        return c.distances();
    }

    /** Appends {@code count} frames, (count, tokensPerFrame, hidden). */
    public void add(float[] batch, int count) {
        int ff = tokensPerFrame * hidden;
        if (count < 0 || batch.length < (long) count * ff) {
            throw new IllegalArgumentException("batch must hold (" + count + ", " + tokensPerFrame + ", " + hidden
                    + ") floats, got " + batch.length);
        }
        if ((long) (frames + count) * tokensPerFrame > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many frames for one distance table: " + (frames + count));
        }
        if ((frames + count) * tokensPerFrame > d.length) {
            d = Arrays.copyOf(d, Math.max((frames + count) * tokensPerFrame, 2 * d.length));
        }
        for (int b = 0; b < count; b++) {
            int row = frames * tokensPerFrame;
            for (int n = 0; n < tokensPerFrame; n++) {
                d[row + n] = previous == null ? 1f
                        : (float) (1 - cosine(previous, n * hidden, batch, b * ff + n * hidden, hidden));
            }
            if (previous == null) {
                previous = new float[ff];
            }
            System.arraycopy(batch, b * ff, previous, 0, ff);
            frames++;
        }
    }

    public int frames() {
        return frames;
    }

    public int tokensPerFrame() {
        return tokensPerFrame;
    }

    /** (frames, tokensPerFrame) copy of the distances so far. */
    public float[] distances() {
        return Arrays.copyOf(d, frames * tokensPerFrame);
    }

    static double cosine(float[] a, int ao, float[] b, int bo, int len) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < len; i++) {
            double x = a[ao + i], y = b[bo + i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), EPS);
    }
}
