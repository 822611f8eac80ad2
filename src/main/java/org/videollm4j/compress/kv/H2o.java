package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;

import java.util.Arrays;

/**
 * H2O baseline (Zhang et al. 2023, arXiv 2306.14048) applied during chunked prefill: every cached entry
 * accumulates the attention it receives from every later query (averaged over heads), per layer. After
 * each video chunk, a layer keeps at most the visual entries PivotKV would hold by then (the sum of
 * {@link KvBudget#keep} over the video chunks so far), so both compare at the same budget: the most
 * recent half of that allowance (by cache order) is always kept (the "recent window"), the rest goes to
 * the heavy hitters with the largest accumulated attention. Text is never evicted; positions unchanged.
 * Cost: it observes every query row, i.e. heads · chunk · cache floats per layer and chunk.
 */
public final class H2o implements KvPolicy {
    private final KvBudget budget;
    private float[][] acc;   // (layers, cache entries) accumulated attention, aligned with cache indices
    private int allowance;   // visual entries allowed per layer so far

    /** @param layers decoder layers (the cache's numLayers) */
    public H2o(KvBudget budget, int layers) {
        this.budget = budget;
        this.acc = new float[layers][0];
    }

    @Override
    public String name() {
        return "h2o";
    }

    private final class Accumulator implements AttentionObserver {
        @Override
        public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
            return java.util.stream.IntStream.range(0, queryCount).toArray();
        }

        @Override
        public void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs) {
            float[] a = ensure(layer, keyCount);
            for (int h = 0; h < heads; h++) {
                for (int r = 0; r < rows.length; r++) {
                    int o = (h * rows.length + r) * keyCount;
                    for (int j = 0; j < keyCount; j++) {
                        a[j] += probs[o + j] / heads;
                    }
                }
            }
        }
    }

    private float[] ensure(int layer, int n) {
        if (acc[layer].length < n) {
            acc[layer] = Arrays.copyOf(acc[layer], n);
        }
        return acc[layer];
    }

    @Override
    public AttentionObserver observerFor(ChunkedPrefill.Chunk chunk, boolean lastChunk) {
        return new Accumulator();
    }

    @Override
    public void afterChunk(ChunkContext ctx) {
        KvCache cache = ctx.cache();
        int layers = cache.numLayers();
        if (!ctx.chunk().video()) {
            return;
        }
        int visualIn = ctx.visualCount(0);
        allowance += budget.keep(visualIn);
        int[] kept = new int[layers];
        for (int l = 0; l < layers; l++) {
            int n = cache.size(l);
            float[] a = ensure(l, n);
            final int layer = l;
            int[] visualIdx = java.util.stream.IntStream.range(0, n)
                    .filter(i -> TokenTag.isVisual(cache.layer(layer).tag(i))).toArray();
            if (visualIdx.length <= allowance) {
                kept[l] = visualIdx.length;
                continue;
            }
            int recent = allowance / 2;
            boolean[] candidate = new boolean[n];
            boolean[] forced = new boolean[n];
            boolean[] text = new boolean[n];
            for (int i = 0; i < n; i++) {
                text[i] = !TokenTag.isVisual(cache.layer(l).tag(i));
            }
            for (int j = 0; j < visualIdx.length; j++) {
                candidate[visualIdx[j]] = true;
                forced[visualIdx[j]] = j >= visualIdx.length - recent;
            }
            int[] keepVisual = KeepSelection.topK(a, candidate, forced, allowance);
            int[] keep = PivotKv.merge(keepVisual, text);
            cache.keep(l, keep);
            float[] na = new float[keep.length];
            for (int j = 0; j < keep.length; j++) {
                na[j] = a[keep[j]];
            }
            acc[l] = na;
            kept[l] = keepVisual.length;
        }
        ctx.trace().add(new KvTrace.Step(ctx.chunk().index(), visualIn, kept, 0));
    }
}
