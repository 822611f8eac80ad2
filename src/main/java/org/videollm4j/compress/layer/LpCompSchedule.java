package org.videollm4j.compress.layer;

/**
 * XComp's LP-Comp cosine schedule (NeurIPS 2025, "One Token per Highly Selective Frame"; reference
 * ZheyuAqaZhang/XComp llava-train_videochat/llava/model/language_model/llava_qwen.py, the "Cosine" drop
 * schedule): N(i) = 1 + floor((N1 - 1)/2 · (1 + cos(i·π/L)) + 0.5) for i = 1..L, i.e. the seed formula
 * (N1 - 1)/2 · cos(i·π/L) + (N1 + 1)/2 rounded half up. (Taking the ceiling instead, as our research
 * digest wrote it, does not give the published sequence.) N1 = 16, L = 28 gives
 * 16,16,16,15,15,14,14,13,12,12,11,10,9,9,8,7,6,5,5,4,3,3,2,2,1,1,1,1.
 * In the reference, layer 0 receives all N1 tokens and layer i >= 1 receives N(i) ({@link #applied}); the
 * reference hard-codes N1 = 16 and L = 28, we take both from the model.
 */
public final class LpCompSchedule {
    private LpCompSchedule() {
    }

    /** N(1..L), (layers). */
    public static int[] tokensPerFrame(int n1, int layers) {
        if (n1 <= 0 || layers <= 0) {
            throw new IllegalArgumentException("LP-Comp needs tokens per frame > 0 and layers > 0, got " + n1 + ", " + layers);
        }
        int[] out = new int[layers];
        for (int i = 1; i <= layers; i++) {
            out[i - 1] = 1 + (int) Math.floor((n1 - 1) * 0.5 * (1 + Math.cos((double) i / layers * Math.PI)) + 0.5);
        }
        return out;
    }

    /** Tokens per frame entering each 0-based layer: N1, N(1), ..., N(L-1), (layers). */
    public static int[] applied(int n1, int layers) {
        int[] n = tokensPerFrame(n1, layers);
        int[] out = new int[layers];
        out[0] = n1;
        System.arraycopy(n, 0, out, 1, layers - 1);
        return out;
    }
}
