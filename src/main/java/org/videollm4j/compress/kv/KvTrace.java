package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;

import java.util.ArrayList;
import java.util.List;

/**
 * What a KV policy or layer schedule did, for {@code ask --json}.
 *
 * @param method          policy name ("none", "pivotkv", "snapkv", "h2o", ...)
 * @param steps           one entry per eviction step (a chunk for PivotKV/H2O, the prompt for SnapKV)
 * @param entriesPerLayer (layers) cache entries at the end of prefill
 * @param visualPerLayer  (layers) visual entries among them
 * @param bytesPerLayer   (layers) {@link KvCache#bytesUsed(int)} at the end of prefill
 */
public record KvTrace(String method, List<Step> steps, int[] entriesPerLayer, int[] visualPerLayer,
                      long[] bytesPerLayer) {

    /**
     * @param chunk          chunk index (-1 when the step covers the whole prompt)
     * @param visualIn       visual tokens the step considered (per layer 0)
     * @param keptPerLayer   (layers) visual tokens kept per layer
     * @param pivotsDropped  pivots that did not fit the budget (PivotKV, protect mode), else 0
     */
    public record Step(int chunk, int visualIn, int[] keptPerLayer, int pivotsDropped) {
    }

    public long bytesUsed() {
        long s = 0;
        for (long b : bytesPerLayer) {
            s += b;
        }
        return s;
    }

    /** Collects steps during a prefill; {@link #finish} reads the cache's sizes. */
    public static final class Builder {
        private final String method;
        private final List<Step> steps = new ArrayList<>();

        public Builder(String method) {
            this.method = method;
        }

        public void add(Step step) {
            steps.add(step);
        }

        public KvTrace finish(KvCache cache) {
            int layers = cache.numLayers();
            int[] entries = new int[layers];
            int[] visual = new int[layers];
            long[] bytes = new long[layers];
            for (int l = 0; l < layers; l++) {
                entries[l] = cache.size(l);
                bytes[l] = cache.bytesUsed(l);
                for (int t : cache.layer(l).tags()) {
                    if (TokenTag.isVisual(t)) {
                        visual[l]++;
                    }
                }
            }
            return new KvTrace(method, List.copyOf(steps), entries, visual, bytes);
        }
    }
}
