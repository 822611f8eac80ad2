package org.videollm4j.model.llama;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.LayerKv;
import org.videollm4j.model.ops.Activations;
import org.videollm4j.model.ops.VecMath;

import java.util.stream.IntStream;

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
        IntStream work = IntStream.range(0, heads * n);
        if ((long) n * keyCount * heads * headDim > 1 << 16) {
            work = work.parallel();
        }
        work.forEach(task -> {
            int h = task / n;
            int i = task % n;
            int kvh = h / group;
            int visible = base + i + 1; // causal: entries 0 .. base+i
            float[] scores = new float[visible];
            int qo = (i * heads + h) * headDim;
            for (int j = 0; j < visible; j++) {
                scores[j] = VecMath.dot(q, qo, keys, j * kvWidth + kvh * headDim, headDim) * scale;
            }
            Activations.softmax(scores, 0, visible);
            if (slots != null && slots[i] >= 0) {
                System.arraycopy(scores, 0, probsOut, (h * nObs + slots[i]) * keyCount, visible);
            }
            int oo = (i * heads + h) * headDim;
            for (int d = 0; d < headDim; d++) {
                out[oo + d] = 0;
            }
            for (int j = 0; j < visible; j++) {
                VecMath.axpy(scores[j], values, j * kvWidth + kvh * headDim, out, oo, headDim);
            }
        });
        if (probsOut != null) {
            observer.observe(layer, base, obsRows, heads, keyCount, probsOut);
        }
    }
}
