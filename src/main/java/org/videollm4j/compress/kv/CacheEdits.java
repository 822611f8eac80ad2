package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.KvCache;

/** Cache edits shared by the policies, expressed with {@link KvCache#keep} and {@link KvCache#shiftPositions}. */
final class CacheEdits {
    private CacheEdits() {
    }

    /**
     * Keeps every entry of {@code layer} outside [from, to) and, inside it, only the entries at
     * {@code from + offsets[j]} (offsets increasing). Returns the new cache indices of the kept range start.
     */
    static void keepInRange(KvCache cache, int layer, int from, int to, int[] offsets) {
        int size = cache.size(layer);
        int[] idx = new int[size - (to - from) + offsets.length];
        int j = 0;
        for (int i = 0; i < from; i++) {
            idx[j++] = i;
        }
        for (int o : offsets) {
            idx[j++] = from + o;
        }
        for (int i = to; i < size; i++) {
            idx[j++] = i;
        }
        cache.keep(layer, idx);
    }

    /** Moves entry i of a layer to position {@code pos}, re-rotating its key (no-op if already there). */
    static void setPosition(KvCache cache, int layer, int i, int pos) {
        int delta = pos - cache.layer(layer).position(i);
        if (delta != 0) {
            cache.shiftPositions(layer, i, i + 1, delta);
        }
    }
}
