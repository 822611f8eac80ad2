package org.videollm4j.compress.layer;

/**
 * XComp's LP-Comp cosine schedule (NeurIPS 2025, "One Token per Highly Selective Frame"): tokens per frame
 * N(l) = ceil((N1 - 1)/2 · cos(l·π/L) + (N1 + 1)/2) for l = 1..L; N(l) is what enters 0-based layer l-1.
 * With N1 = 16, L = 28 it reads 16,16,16,15,15,14,14,13,12,12,11,10,9,9,8,7,6,5,5,4,3,3,2,2,1,1,1,1.
 */
public final class LpCompSchedule {
    private LpCompSchedule() {
    }

    /** N(1..L) as an array indexed by 0-based layer, (layers). */
    public static int[] tokensPerFrame(int n1, int layers) {
        if (n1 <= 0 || layers <= 0) {
            throw new IllegalArgumentException("LP-Comp needs tokens per frame > 0 and layers > 0, got " + n1 + ", " + layers);
        }
        int[] out = new int[layers];
        for (int l = 1; l <= layers; l++) {
            out[l - 1] = (int) Math.ceil((n1 - 1) / 2.0 * Math.cos(l * Math.PI / layers) + (n1 + 1) / 2.0 - 1e-9);
        }
        return out;
    }

    /**
     * Tokens per frame entering each layer as applied: the schedule, except that layer 0 always sees all
     * N1 tokens (no hook runs before the first layer; for deep models N(1) = N1 anyway, e.g. 16 for L = 28;
     * only very shallow test models differ).
     */
    public static int[] applied(int n1, int layers) {
        int[] s = tokensPerFrame(n1, layers);
        s[0] = n1;
        for (int l = 1; l < layers; l++) {
            s[l] = Math.min(s[l], s[l - 1]);
        }
        return s;
    }
}
