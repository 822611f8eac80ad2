package org.videollm4j.compress.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Pure top-k helpers shared by the selectors. */
public final class TopK {
    private TopK() {
    }

    /**
     * Indices of the {@code k} highest scores, returned in increasing index (time) order. Ties go to the
     * earlier index, so the result is deterministic (torch.topk leaves tie order unspecified). NaN scores
     * rank lowest.
     */
    public static int[] inTimeOrder(double[] scores, int k) {
        if (k <= 0 || k > scores.length) {
            throw new IllegalArgumentException("k must be in [1, " + scores.length + "], got " + k);
        }
        Comparator<Integer> byScore = Comparator.comparingDouble((Integer i) -> Double.isNaN(scores[i])
                ? Double.NEGATIVE_INFINITY : scores[i]).reversed();
        int[] top = IntStream.range(0, scores.length).boxed()
                .sorted(byScore.thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        Arrays.sort(top);
        return top;
    }

    /** k = round(ratio * n), half up, at least 1: the frame count a keep-ratio gives (ReTaKe's rule). */
    public static int countForRatio(double ratio, int n) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1], got " + ratio);
        }
        return (int) Math.max(1, Math.min(n, Math.round(ratio * n)));
    }
}
