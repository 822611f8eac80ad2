package org.videollm4j.model.kv;

/**
 * Receives softmax attention weights from the decoder for chosen layers and query tokens (for SnapKV,
 * H2O, PivotKV, QC-Comp scores). The decoder asks once per layer and forward call which queries to
 * report; layers and queries not asked for cost nothing, and with no observer the attention kernel
 * pays one null check.
 */
public interface AttentionObserver {
    /**
     * Which queries of this forward call to report at {@code layer}: rows in [0, queryCount) of the
     * call's tokens (that survive earlier layer hooks), increasing; null or empty for none.
     *
     * @param firstCacheIndex cache index the first query row was appended at (row r is at firstCacheIndex + r)
     */
    int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount);

    /**
     * @param rows     the rows returned by {@link #queriesToObserve}
     * @param probs    (heads, rows.length, keyCount) attention weights over cache entries 0..keyCount-1 of
     *                 this layer; entries after a query's own cache index are 0 (causal)
     */
    void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs);

    /**
     * Whether {@link #observeProjections} should receive this layer's queries and keys of the coming call
     * (for scores that must not depend on positions, as PivotKV's). Default: no.
     */
    default boolean wantsProjections(int layer) {
        return false;
    }

    /**
     * The call's queries and keys at {@code layer} BEFORE RoPE is applied, for all n tokens that reach the
     * layer. The arrays belong to the decoder and are rotated in place right after this returns: read them
     * (or copy), never keep or modify them.
     *
     * @param q (n, heads, headDim) un-rotated queries
     * @param k (n, kvHeads, headDim) un-rotated keys (to be appended at cache indices firstCacheIndex ..)
     */
    default void observeProjections(int layer, int firstCacheIndex, int n, float[] q, float[] k) {
    }
}
