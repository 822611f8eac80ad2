package org.videollm4j.compress.merge;

import org.videollm4j.compress.VisualFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LongVLM token merging (ECCV 2024; ziplab/LongVLM longvlm/model/merge.py, merge_tokens): the sampled
 * frames are cut into segments of K consecutive frames (the last segment may be shorter; the reference
 * requires T divisible by K); each segment's tokens, frame-major, go through
 * {@link BipartiteSoftMatching} once per entry of the schedule; the global tokens ({@link GlobalTokens})
 * come before all local tokens. The schedule is absolute, as in the reference: a short last segment
 * meets the same r values (each capped at half) and ends with fewer tokens than the others.
 * <p>
 * Order: the reference leaves each segment in ToMe's order ([unmerged..., destinations...], repeatedly
 * shuffled). Our LLM reads RoPE positions, so order carries meaning it was trained on (time);
 * {@link Order#TEMPORAL} (the default) sorts each segment's final tokens by anchor (original position
 * of the token they descend from) AFTER all rounds, so the merged values are exactly the reference's;
 * {@link Order#REFERENCE} keeps ToMe's order for comparison.
 */
public final class LongVlmMerger {
    public enum Order { TEMPORAL, REFERENCE }

    /**
     * @param segmentFrames K, frames per segment (LongVLM: 10)
     * @param schedule      tokens to remove per round, each capped at half the tokens present
     * @param globalTokens  E (see {@link GlobalTokens}); 0 for none
     */
    public record Config(int segmentFrames, int[] schedule, int globalTokens, TokenMetric metric, Order order) {
        public Config {
            if (segmentFrames <= 0) {
                throw new IllegalArgumentException("segment frames must be >= 1, got " + segmentFrames);
            }
            if (globalTokens < 0) {
                throw new IllegalArgumentException("global tokens must be >= 0, got " + globalTokens);
            }
            for (int r : schedule) {
                if (r < 0) {
                    throw new IllegalArgumentException("merge schedule entries must be >= 0, got " + Arrays.toString(schedule));
                }
            }
            schedule = schedule.clone();
        }

        /**
         * Defaults scaled to SmolVLM: K = 10 frames per segment and 30 tokens left per segment (the paper's
         * M = 30), reached by halving rounds like the paper's schedule [1280, 640, ..., 10] does for 2560
         * tokens; metric = channel-group means over 16 groups when the hidden size allows, else the
         * features; one global token; temporal order.
         */
        public static Config defaults(int tokensPerFrame, int hidden) {
            TokenMetric m = hidden % 16 == 0 ? TokenMetric.channelGroupMeans(16) : TokenMetric.IDENTITY;
            return new Config(10, halvingTo(10 * tokensPerFrame, 30), 1, m, Order.TEMPORAL);
        }
    }

    private final Config config;

    public LongVlmMerger(Config config) {
        this.config = config;
    }

    /**
     * A schedule that halves {@code tokens} per round (ToMe's cap) until {@code target} remain, the last
     * round removing only what is left to remove. Empty when tokens <= target.
     */
    public static int[] halvingTo(int tokens, int target) {
        if (target <= 0) {
            throw new IllegalArgumentException("target tokens must be >= 1, got " + target);
        }
        List<Integer> rs = new ArrayList<>();
        int n = tokens;
        while (n > target) {
            int r = Math.min(n / 2, n - target);
            rs.add(r);
            n -= r;
        }
        return rs.stream().mapToInt(Integer::intValue).toArray();
    }

    public MergedVideo merge(VisualFeatures f) {
        int t = f.frames(), n = f.tokensPerFrame(), h = f.hidden(), k = config.segmentFrames();
        List<MergedVideo.Segment> segments = new ArrayList<>();
        for (int first = 0; first < t; first += k) {
            int end = Math.min(t, first + k);
            int count = (end - first) * n;
            float[] x = Arrays.copyOfRange(f.tokens(), first * n * h, end * n * h); // (count, hidden)
            WeightedTokens w = WeightedTokens.of(x, count, h);
            for (int r : config.schedule()) {
                w = BipartiteSoftMatching.merge(w, config.metric(), r);
            }
            if (config.order() == Order.TEMPORAL) {
                w = w.inAnchorOrder();
            }
            int[] frame = new int[w.n()];
            for (int i = 0; i < w.n(); i++) {
                frame[i] = first + w.anchor()[i] / n;
            }
            segments.add(new MergedVideo.Segment(first, end, f.timestampsS()[first], f.timestampsS()[end - 1],
                    w.x(), w.n(), w.sizes(), frame));
        }
        int e = Math.min(config.globalTokens(), t);
        float[] global = e == 0 ? new float[0] : GlobalTokens.compute(f, e);
        return new MergedVideo(global, e, h, segments);
    }
}
