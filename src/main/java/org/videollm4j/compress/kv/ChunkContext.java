package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;

/**
 * What a {@link KvPolicy} sees after one chunk of a chunked prefill.
 *
 * @param cache     the cache, holding the chunk at [from[l], to[l]) of each layer l
 * @param chunk     the chunk's rows in the prompt
 * @param lastChunk true for the prompt's final chunk
 * @param from      (layers) first cache index of the chunk per layer
 * @param to        (layers) one past its last cache index per layer
 * @param pivots    (chunk rows) true where the row is a pivot (keyframe) visual token; all false without a mask
 * @param observer  what {@link KvPolicy#observerFor} returned for this chunk (may be null)
 * @param trace     where the policy records what it kept
 */
public record ChunkContext(KvCache cache, ChunkedPrefill.Chunk chunk, boolean lastChunk, int[] from, int[] to,
                           boolean[] pivots, AttentionObserver observer, KvTrace.Builder trace) {

    /** Visual entries of the chunk in one layer. */
    public int visualCount(int layer) {
        int n = 0;
        for (int i = from[layer]; i < to[layer]; i++) {
            if (TokenTag.isVisual(cache.layer(layer).tag(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether chunk entry i (a cache index of {@code layer}) is a pivot. Entries map to chunk rows by
     * offset, which holds when the layer stored every row of the chunk; when a layer hook (LP-Comp, FastV)
     * dropped rows before this layer the mapping is lost and no entry counts as a pivot there.
     */
    public boolean isPivot(int layer, int i) {
        if (to[layer] - from[layer] != chunk.length()) {
            return false;
        }
        return pivots[i - from[layer]];
    }
}
