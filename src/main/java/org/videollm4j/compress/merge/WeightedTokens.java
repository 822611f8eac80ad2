package org.videollm4j.compress.merge;

/**
 * Tokens being merged, with what ToMe tracks beside them.
 *
 * @param x      (n, hidden) features: the size-weighted mean of the original tokens each one absorbed
 * @param sizes  (n) how many original tokens each one stands for
 * @param anchor (n) original index (within the merged group) of the token each one descends from: the
 *               destination's for merged tokens; sorting by it restores temporal order
 */
public record WeightedTokens(float[] x, int n, int hidden, float[] sizes, int[] anchor) {
    public WeightedTokens {
        if (n < 0 || hidden <= 0 || x.length != (long) n * hidden || sizes.length != n || anchor.length != n) {
            throw new IllegalArgumentException("weighted tokens need x (" + n + ", " + hidden + "), sizes (" + n
                    + "), anchor (" + n + "); got " + x.length + ", " + sizes.length + ", " + anchor.length);
        }
    }

    /** Fresh tokens: size 1 each, anchors 0..n-1. */
    public static WeightedTokens of(float[] x, int n, int hidden) {
        float[] sizes = new float[n];
        int[] anchor = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = 1;
            anchor[i] = i;
        }
        return new WeightedTokens(x, n, hidden, sizes, anchor);
    }

    /** The same tokens sorted by anchor (stable): temporal order for tokens laid out frame-major. */
    public WeightedTokens inAnchorOrder() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> anchor[i]));
        float[] nx = new float[n * hidden]; // (n, hidden)
        float[] ns = new float[n];
        int[] na = new int[n];
        for (int j = 0; j < n; j++) {
            int i = order[j];
            System.arraycopy(x, i * hidden, nx, j * hidden, hidden);
            ns[j] = sizes[i];
            na[j] = anchor[i];
        }
        return new WeightedTokens(nx, n, hidden, ns, na);
    }
}
