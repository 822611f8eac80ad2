package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;

import java.util.HashMap;
import java.util.Map;

/**
 * SnapKV baseline (Li et al. 2024, arXiv 2404.14469): after the whole prompt is prefilled, the last
 * {@code window} prompt tokens (the question) act as an observation window; each cached visual entry is
 * scored by the attention it receives from the window (summed over window rows, averaged over query
 * heads), smoothed by a 1-D average pool of odd {@code kernel} over cache order (so neighbours of a hit
 * survive together), and every layer keeps the top {@link KvBudget#keep}(its visual entries). Scores are
 * aggregated over heads rather than kept per head, because our cache keeps or drops an entry for all
 * KV heads together. Text is never evicted; positions are not changed. Query-DEPENDENT: the cache cannot
 * be reused for another question.
 */
public final class SnapKv implements KvPolicy {
    private final KvBudget budget;
    private final int window;
    private final int kernel;

    public SnapKv(KvBudget budget, int window, int kernel) {
        if (window <= 0 || kernel <= 0 || kernel % 2 == 0) {
            throw new IllegalArgumentException("SnapKV needs window > 0 and an odd kernel > 0, got window=" + window
                    + " kernel=" + kernel);
        }
        this.budget = budget;
        this.window = window;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "snapkv";
    }

    private final class Window implements AttentionObserver {
        final Map<Integer, float[]> scores = new HashMap<>(); // layer -> (keyCount)

        @Override
        public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
            int w = Math.min(window, queryCount);
            return java.util.stream.IntStream.range(queryCount - w, queryCount).toArray();
        }

        @Override
        public void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs) {
            float[] s = new float[keyCount];
            for (int h = 0; h < heads; h++) {
                for (int r = 0; r < rows.length; r++) {
                    int o = (h * rows.length + r) * keyCount;
                    for (int j = 0; j < keyCount; j++) {
                        s[j] += probs[o + j] / heads;
                    }
                }
            }
            scores.put(layer, avgPool(s, kernel));
        }
    }

    /** 1-D average pool with stride 1 and zero padding of kernel/2 on each side (count includes padding). */
    static float[] avgPool(float[] s, int kernel) {
        int half = kernel / 2;
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            double sum = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(s.length - 1, i + half); j++) {
                sum += s[j];
            }
            out[i] = (float) (sum / kernel);
        }
        return out;
    }

    @Override
    public AttentionObserver observerFor(ChunkedPrefill.Chunk chunk, boolean lastChunk) {
        return lastChunk ? new Window() : null;
    }

    @Override
    public void afterChunk(ChunkContext ctx) {
        if (!ctx.lastChunk()) {
            return;
        }
        Window w = (Window) ctx.observer();
        KvCache cache = ctx.cache();
        int[] kept = new int[cache.numLayers()];
        int visualIn = 0;
        for (int l = 0; l < cache.numLayers(); l++) {
            int n = cache.size(l);
            float[] s = w.scores.get(l);
            if (s == null || s.length != n) {
                throw new IllegalStateException("SnapKV got no window scores for layer " + l);
            }
            boolean[] visual = new boolean[n];
            boolean[] text = new boolean[n];
            int v = 0;
            for (int i = 0; i < n; i++) {
                visual[i] = TokenTag.isVisual(cache.layer(l).tag(i));
                text[i] = !visual[i];
                v += visual[i] ? 1 : 0;
            }
            if (l == 0) {
                visualIn = v;
            }
            int[] keepVisual = KeepSelection.topK(s, visual, null, budget.keep(v));
            cache.keep(l, PivotKv.merge(keepVisual, text));
            kept[l] = keepVisual.length;
        }
        ctx.trace().add(new KvTrace.Step(-1, visualIn, kept, 0));
    }
}
