package org.videollm4j.compress.merge;

import java.util.List;

/**
 * The visual input after LongVLM merging, in prompt order: the global tokens first, then each
 * segment's merged local tokens. Frames no longer have a fixed token count, so the prompt describes
 * segments (a time range and its tokens) rather than frames; {@link MergedPrompt} writes such a block.
 *
 * @param global      (globalCount, hidden) global tokens, placed before all local tokens
 * @param segments    the segments in time order
 */
public record MergedVideo(float[] global, int globalCount, int hidden, List<Segment> segments) {
    public MergedVideo {
        if (global.length != (long) globalCount * hidden) {
            throw new IllegalArgumentException("global tokens must be (" + globalCount + ", " + hidden + "), got "
                    + global.length + " floats");
        }
        segments = List.copyOf(segments);
    }

    /**
     * One segment of K consecutive sampled frames after merging.
     *
     * @param firstFrame  first sampled-frame index of the segment (inclusive)
     * @param endFrame    last sampled-frame index + 1
     * @param startS      timestamp of the first frame
     * @param endS        timestamp of the last frame
     * @param tokens      (count, hidden) merged tokens, in the order {@link LongVlmMerger.Order} gave
     * @param sizes       (count) original tokens each merged token stands for; they sum to the segment's
     *                    frames * tokensPerFrame
     * @param frameIndex  (count) sampled-frame index of each token's anchor (its destination token)
     */
    public record Segment(int firstFrame, int endFrame, double startS, double endS, float[] tokens, int count,
                          float[] sizes, int[] frameIndex) {
        public Segment {
            if (endFrame <= firstFrame || sizes.length != count || frameIndex.length != count
                    || (count > 0 && tokens.length % count != 0)) {
                throw new IllegalArgumentException("segment [" + firstFrame + ", " + endFrame + ") with " + count
                        + " tokens has " + tokens.length + " floats, " + sizes.length + " sizes, "
                        + frameIndex.length + " frame indices");
            }
        }
    }

    /** Global plus local tokens. */
    public int totalTokens() {
        int n = globalCount;
        for (Segment s : segments) {
            n += s.count();
        }
        return n;
    }

    /** (totalTokens, hidden): all visual tokens in prompt order, global first. */
    public float[] features() {
        float[] out = new float[totalTokens() * hidden]; // (totalTokens, hidden)
        System.arraycopy(global, 0, out, 0, global.length);
        int at = global.length;
        for (Segment s : segments) {
            System.arraycopy(s.tokens(), 0, out, at, s.tokens().length);
            at += s.tokens().length;
        }
        return out;
    }
}
