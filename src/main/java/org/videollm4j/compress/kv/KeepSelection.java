package org.videollm4j.compress.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pure top-k choice shared by the KV policies: which candidates to keep by score, some possibly forced. */
public final class KeepSelection {
    private KeepSelection() {
    }

    /**
     * Picks {@code k} of the candidates: every forced candidate first (best-scoring first if there are more
     * than k), then the best-scoring others. Ties go to the earlier index (a stable, deterministic order).
     *
     * @param scores    (n) higher is better
     * @param candidate (n) which indices may be kept at all
     * @param forced    (n) or null: candidates kept before any other
     * @return kept indices, increasing
     */
    public static int[] topK(float[] scores, boolean[] candidate, boolean[] forced, int k) {
        int n = scores.length;
        List<Integer> first = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                (forced != null && forced[i] ? first : rest).add(i);
            }
        }
        java.util.Comparator<Integer> byScore = (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        };
        first.sort(byScore);
        rest.sort(byScore);
        first.addAll(rest);
        int m = Math.min(k, first.size());
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = first.get(i);
        }
        Arrays.sort(out);
        return out;
    }
}
