package org.videollm4j.model.llama;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.LayerKv;
import org.videollm4j.tensor.Attention;
import org.videollm4j.tensor.Parallel;

/**
 * Scaled dot-product attention of n new queries over one layer's cache (which already holds them at
 * cache indices base .. base+n-1), causal in cache order, grouped-query (query head h reads kv head
 * h / (heads / kvHeads), as transformers' repeat_kv), softmax in f32.
 */
final class CausalAttention {
    private CausalAttention() {
    }

    /**
     * @param q   (n, heads, headDim) rotated queries
     * @param out (n, heads, headDim)
     */
    static void attend(float[] q, int n, int heads, int headDim, LayerKv kv, int base, float[] out,
                       int layer, AttentionObserver observer) {
        int kvHeads = kv.width() / headDim;
        int group = heads / kvHeads;
        int keyCount = kv.size();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        int[] obsRows = observer == null ? null : observer.queriesToObserve(layer, base, n);
        int[] slotOf = null;     // (n) observed slot of each query row, -1 if not observed
        float[] obsProbs = null; // (heads, obsRows.length, keyCount)
        if (obsRows != null && obsRows.length > 0) {
            slotOf = new int[n];
            java.util.Arrays.fill(slotOf, -1);
            for (int s = 0; s < obsRows.length; s++) {
                slotOf[obsRows[s]] = s;
            }
            obsProbs = new float[heads * obsRows.length * keyCount];
        }
        final int[] slots = slotOf;
        final float[] probsOut = obsProbs;
        final int nObs = obsRows == null ? 0 : obsRows.length;
        float[] keys = kv.keys();     // (capacity, kvHeads, headDim)
        float[] values = kv.values(); // (capacity, kvHeads, headDim)
        int kvWidth = kv.width();
        int qWidth = heads * headDim;
        // Tasks over (head, query chunk): the chunk amortises gathering the head's keys/values.
        int chunk = Math.max(Attention.QUERY_BLOCK, (n + 1) / 2);
        int chunks = (n + chunk - 1) / chunk;
        Parallel.forEach(heads * chunks, task -> {
            int h = task / chunks;
            int c = task % chunks;
            int kvh = h / group;
            Attention.ProbsSink sink = slots == null ? null : (i, p, off, len) -> {
                if (slots[i] >= 0) {
                    System.arraycopy(p, off, probsOut, (h * nObs + slots[i]) * keyCount, len);
                }
            };
            Attention.attendHead(q, h * headDim, qWidth, c * chunk, Math.min(n, (c + 1) * chunk),
                    keys, values, kvh * headDim, kvWidth, keyCount, headDim, scale, base, out, h * headDim, qWidth, sink);
        });
        if (probsOut != null) {
            observer.observe(layer, base, obsRows, heads, keyCount, probsOut);
        }
    }
}
