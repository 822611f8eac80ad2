package org.videollm4j.compress.kv;

/**
 * The share r of visual tokens a KV policy keeps, in (0, 1]. ReTaKe (retake/longvideo_cache.py,
 * PivotKVCache: compression_ratio) sets r = 1 when the input fits the model's window L_max, else
 * L_max / input length; {@code --kv-budget} sets it directly. PivotKV, SnapKV and H2O all count with
 * {@link #keep}, so at the same r they keep the same number of visual tokens and compare fairly.
 */
public record KvBudget(double ratio) {
    public KvBudget {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("--kv-budget must be in (0, 1], got " + ratio);
        }
    }

    /** r = 1 if {@code inputTokens <= maxTokens}, else maxTokens / inputTokens. */
    public static KvBudget fitting(int maxTokens, int inputTokens) {
        if (maxTokens <= 0 || inputTokens <= 0) {
            throw new IllegalArgumentException("need maxTokens > 0 and inputTokens > 0, got " + maxTokens + ", "
                    + inputTokens);
        }
        return new KvBudget(inputTokens <= maxTokens ? 1.0 : (double) maxTokens / inputTokens);
    }

    /**
     * Visual tokens kept of {@code visual}: max(1, floor(r · visual)); 0 when there are none. The max(1, .)
     * is ours (the reference's int(r · len) may keep nothing of a short chunk).
     */
    public int keep(int visual) {
        if (visual <= 0) {
            return 0;
        }
        return Math.min(visual, Math.max(1, (int) (ratio * visual)));
    }
}
