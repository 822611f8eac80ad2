package org.videollm4j.compress.layer;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.kv.TokenTag;

import java.util.ArrayList;
import java.util.List;

/**
 * FastV baseline (Chen et al. 2024, arXiv 2403.06764): after layer K (1-based count of layers run, so the
 * hook acts after 0-based layer K-1) drop the fraction R of visual tokens that receive the least attention
 * from the last token at layer K-1 (averaged over heads); layers K.. never see them. Positions are kept
 * (FastV does not compact). It acts once, on the first forward call it takes part in, which must contain
 * the prompt's last token: run the prompt in one call (or give FastV only the final chunk); visual
 * tokens of earlier calls are removed from the caches of layers >= K by their position.
 * Use the same instance as the forward call's observer and hook.
 */
public final class FastV implements AttentionObserver, LayerHook {
    private final int k;
    private final double ratio;
    private float[] lastRow; // (keyCount) attention of the last token at layer K-1, mean over heads
    private boolean done;
    private int droppedCount;

    /** @param k layers before the drop (>= 1); ratio share of visual tokens dropped, in [0, 1) */
    public FastV(int k, double ratio) {
        if (k < 1 || !(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("FastV needs K >= 1 and R in [0, 1), got K=" + k + " R=" + ratio);
        }
        this.k = k;
        this.ratio = ratio;
    }

    /** A KV policy that hands this FastV in as the observer of the prompt's final chunk only. */
    public org.videollm4j.compress.kv.KvPolicy asPolicy() {
        FastV self = this;
        return new org.videollm4j.compress.kv.KvPolicy() {
            @Override
            public AttentionObserver observerFor(org.videollm4j.compress.kv.ChunkedPrefill.Chunk chunk, boolean lastChunk) {
                return lastChunk ? self : null;
            }

            @Override
            public void afterChunk(org.videollm4j.compress.kv.ChunkContext ctx) {
            }

            @Override
            public String name() {
                return "fastv";
            }
        };
    }

    public int dropped() {
        return droppedCount;
    }

    /** Attention the last token paid to each layer-(K-1) cache entry, mean over heads, (entries); null before. */
    public float[] lastTokenAttention() {
        return lastRow == null ? null : lastRow.clone();
    }

    /** floor(R · visual) tokens dropped of {@code visual}. */
    public static int dropCount(int visual, double ratio) {
        return (int) Math.floor(ratio * visual);
    }

    @Override
    public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
        return !done && layer == k - 1 ? new int[]{queryCount - 1} : null;
    }

    @Override
    public void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs) {
        lastRow = new float[keyCount];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < keyCount; j++) {
                lastRow[j] += probs[h * keyCount + j] / heads;
            }
        }
    }

    @Override
    public void afterLayer(int layer, TokenStates states, KvCache cache) {
        if (done || layer != k - 1 || lastRow == null) {
            return; // not armed: this call's attention was not observed
        }
        done = true;
        if (layer + 1 >= cache.numLayers()) {
            return;
        }
        int size = cache.size(layer);
        int base = size - states.size(); // this call's rows sit at base .. size-1 of layer K-1
        boolean[] visual = new boolean[size];
        int v = 0;
        for (int i = 0; i < size; i++) {
            visual[i] = TokenTag.isVisual(cache.layer(layer).tag(i));
            v += visual[i] ? 1 : 0;
        }
        int drop = dropCount(v, ratio);
        float[] neg = new float[size];
        for (int i = 0; i < size; i++) {
            neg[i] = -lastRow[i];
        }
        // the lowest-attention visual entries = the top "drop" of the negated scores
        int[] gone = org.videollm4j.compress.kv.KeepSelection.topK(neg, visual, null, drop);
        boolean[] isGone = new boolean[size];
        for (int i : gone) {
            isGone[i] = true;
        }
        List<Integer> keepRows = new ArrayList<>();
        for (int r = 0; r < states.size(); r++) {
            if (!isGone[base + r]) {
                keepRows.add(r);
            }
        }
        if (keepRows.size() < states.size()) {
            states.keepRows(keepRows.stream().mapToInt(Integer::intValue).toArray());
        }
        java.util.Set<Integer> oldPositions = new java.util.HashSet<>();
        for (int i : gone) {
            if (i < base) {
                oldPositions.add(cache.layer(layer).position(i));
            }
        }
        for (int l = layer + 1; l < cache.numLayers() && !oldPositions.isEmpty(); l++) {
            final int ll = l;
            int[] rm = java.util.stream.IntStream.range(0, cache.size(l))
                    .filter(i -> oldPositions.contains(cache.layer(ll).position(i))).toArray();
            cache.remove(l, rm);
        }
        droppedCount = drop;
    }
}
