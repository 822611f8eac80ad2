package org.videollm4j.compress.merge;

/**
 * One round of ToMe bipartite soft matching with size-weighted merging, as LongVLM ships it
 * (ziplab/LongVLM longvlm/model/merge.py: bipartite_soft_matching + merge_wavg):
 * <ol>
 * <li>r = min(r, n / 2) (no protected tokens);</li>
 * <li>metric rows L2-normalised; set A = even positions, B = odd positions; each A token's best B match
 *     by cosine (first index on ties, as torch.max reports);</li>
 * <li>A tokens ranked by their best similarity, descending (ties: lower index first; torch's argsort
 *     leaves ties unspecified); the first r are merged into their B match, the rest stay;</li>
 * <li>merging is a size-weighted mean: x_B = (x_B s_B + sum x_a s_a) / (s_B + sum s_a), sizes add;</li>
 * <li>output order [unmerged A in rank order..., all B in their order...]: not temporal.</li>
 * </ol>
 * Pure: the input is not modified.
 */
public final class BipartiteSoftMatching {
    /** Guards zero-norm metric rows (torch would give NaN there). */
    static final double EPS = 1e-12;

    private BipartiteSoftMatching() {
    }

    public static WeightedTokens merge(WeightedTokens in, TokenMetric metric, int r) {
        int n = in.n(), h = in.hidden();
        r = Math.min(r, n / 2);
        if (r <= 0) {
            return in;
        }
        float[] m = metric.of(in.x(), n, h); // (n, md)
        int md = m.length / n;
        if (m.length != n * md || md == 0) {
            throw new IllegalArgumentException("metric must be (" + n + ", m), got " + m.length + " floats");
        }
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < md; j++) {
                s += (double) m[i * md + j] * m[i * md + j];
            }
            norm[i] = Math.max(Math.sqrt(s), EPS);
        }
        int na = (n + 1) / 2, nb = n / 2;
        int[] best = new int[na];        // (na) index into B
        double[] bestSim = new double[na]; // (na)
        for (int a = 0; a < na; a++) {
            int ia = 2 * a;
            double top = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < nb; b++) {
                int ib = 2 * b + 1;
                double dot = 0;
                for (int j = 0; j < md; j++) {
                    dot += (double) m[ia * md + j] * m[ib * md + j];
                }
                double sim = dot / (norm[ia] * norm[ib]);
                if (sim > top) {
                    top = sim;
                    best[a] = b;
                }
            }
            bestSim[a] = top;
        }
        Integer[] rank = new Integer[na];
        for (int a = 0; a < na; a++) {
            rank[a] = a;
        }
        java.util.Arrays.sort(rank, (p, q) -> {
            int c = Double.compare(bestSim[q], bestSim[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        int outN = n - r;
        float[] x = in.x(), sizes = in.sizes();
        int[] anchor = in.anchor();
        float[] ox = new float[outN * h]; // (n - r, hidden)
        float[] os = new float[outN];
        int[] oa = new int[outN];
        int unm = na - r;
        for (int j = 0; j < unm; j++) {
            int i = 2 * rank[r + j];
            System.arraycopy(x, i * h, ox, j * h, h);
            os[j] = sizes[i];
            oa[j] = anchor[i];
        }
        double[] acc = new double[nb * h]; // (nb, hidden) sum of x * size
        double[] accSize = new double[nb];
        for (int b = 0; b < nb; b++) {
            add(acc, b * h, x, (2 * b + 1) * h, sizes[2 * b + 1], h);
            accSize[b] = sizes[2 * b + 1];
        }
        for (int j = 0; j < r; j++) {
            int a = rank[j], i = 2 * a;
            add(acc, best[a] * h, x, i * h, sizes[i], h);
            accSize[best[a]] += sizes[i];
        }
        for (int b = 0; b < nb; b++) {
            int o = unm + b;
            for (int c = 0; c < h; c++) {
                ox[o * h + c] = (float) (acc[b * h + c] / accSize[b]);
            }
            os[o] = (float) accSize[b];
            oa[o] = anchor[2 * b + 1];
        }
        return new WeightedTokens(ox, outN, h, os, oa);
    }

    private static void add(double[] acc, int ao, float[] x, int xo, float w, int h) {
        for (int c = 0; c < h; c++) {
            acc[ao + c] += (double) x[xo + c] * w;
        }
    }
}
