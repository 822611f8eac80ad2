package org.videollm4j.compress;

import java.util.Arrays;

/**
 * The LLM-space visual tokens of a sampled video, as the connector produced them: one frame per
 * temporal step (SmolVLM has no temporal patching, unlike Qwen2-VL's 2-frame steps), each frame a fixed
 * number of tokens. The input of every frame-selection and token-merging stage.
 *
 * @param tokens        (frames, tokensPerFrame, hidden)
 * @param timestampsS   (frames) presentation time of each frame in seconds, non-decreasing
 */
public record VisualFeatures(float[] tokens, int frames, int tokensPerFrame, int hidden, double[] timestampsS) {
    public VisualFeatures {
        if (frames <= 0 || tokensPerFrame <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("visual features need frames, tokensPerFrame and hidden > 0, got ("
                    + frames + ", " + tokensPerFrame + ", " + hidden + ")");
        }
        if (tokens.length != (long) frames * tokensPerFrame * hidden) {
            throw new IllegalArgumentException("tokens must be (" + frames + ", " + tokensPerFrame + ", " + hidden
                    + ") = " + (long) frames * tokensPerFrame * hidden + " floats, got " + tokens.length);
        }
        if (timestampsS.length != frames) {
            throw new IllegalArgumentException(frames + " frames but " + timestampsS.length + " timestamps");
        }
        for (int i = 1; i < frames; i++) {
            if (!(timestampsS[i] >= timestampsS[i - 1])) {
                throw new IllegalArgumentException("timestamps must be non-decreasing: " + timestampsS[i - 1]
                        + " then " + timestampsS[i] + " at frame " + i);
            }
        }
    }

    /** Floats per frame: tokensPerFrame * hidden. */
    public int frameFloats() {
        return tokensPerFrame * hidden;
    }

    /** Offset of token n of frame t in {@link #tokens}. */
    public int offset(int t, int n) {
        return (t * tokensPerFrame + n) * hidden;
    }

    /** The frames at {@code indices} (strictly increasing), in that order. */
    public VisualFeatures select(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("cannot select zero frames");
        }
        int ff = frameFloats();
        float[] out = new float[indices.length * ff]; // (kept, tokensPerFrame, hidden)
        double[] ts = new double[indices.length];
        int prev = -1;
        for (int j = 0; j < indices.length; j++) {
            int t = indices[j];
            if (t <= prev || t >= frames) {
                throw new IllegalArgumentException("frame indices must be strictly increasing in [0, " + frames
                        + "), got " + Arrays.toString(indices));
            }
            prev = t;
            System.arraycopy(tokens, t * ff, out, j * ff, ff);
            ts[j] = timestampsS[t];
        }
        return new VisualFeatures(out, indices.length, tokensPerFrame, hidden, ts);
    }
}
