package org.videollm4j.compress.kv;

import org.videollm4j.model.ops.Activations;
import org.videollm4j.model.ops.VecMath;

/**
 * PivotKV's position-free token scores (ReTaKe, retake/longvideo_cache.py, PivotKVCache.update): from the
 * chunk's UN-rotated queries and keys, A = softmax(Q K^T / sqrt(d)) over the chunk's own keys only (no
 * causal mask, no past cache), score_j = sum_i A[h, i, j], averaged over the query heads of each GQA group,
 * then over the KV heads. Every row of a softmax sums to 1, so the scores sum to n and average 1.
 */
public final class PivotScores {
    private PivotScores() {
    }

    /**
     * @param q (n, heads, headDim) un-rotated queries
     * @param k (n, kvHeads, headDim) un-rotated keys
     * @return (n) one score per token
     */
    public static float[] score(float[] q, float[] k, int n, int heads, int kvHeads, int headDim) {
        if (heads % kvHeads != 0 || q.length < (long) n * heads * headDim || k.length < (long) n * kvHeads * headDim) {
            throw new IllegalArgumentException("bad shapes for n=" + n + " heads=" + heads + " kvHeads=" + kvHeads
                    + " headDim=" + headDim);
        }
        int group = heads / kvHeads;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        double[] perKv = new double[kvHeads * n]; // (kvHeads, n) column sums, summed over the group
        float[] row = new float[n];
        for (int h = 0; h < heads; h++) {
            int kvh = h / group;
            for (int i = 0; i < n; i++) {
                int qo = (i * heads + h) * headDim;
                for (int j = 0; j < n; j++) {
                    row[j] = VecMath.dot(q, qo, k, (j * kvHeads + kvh) * headDim, headDim) * scale;
                }
                Activations.softmax(row, 0, n);
                for (int j = 0; j < n; j++) {
                    perKv[kvh * n + j] += row[j];
                }
            }
        }
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int kvh = 0; kvh < kvHeads; kvh++) {
                s += perKv[kvh * n + j] / group; // mean over the GQA group
            }
            out[j] = (float) (s / kvHeads);      // mean over KV heads
        }
        return out;
    }
}
