package org.videollm4j.compress.merge;

/**
 * The features ToMe compares tokens by (cosine similarity). LongVLM (ziplab/LongVLM
 * longvlm/model/merge.py, merge_tokens) uses the tokens' own features folded into channel groups:
 * x reshaped to (tokens, G, C/G) and averaged over the G axis, so metric[j] is the mean of channels
 * j, j + C/G, j + 2C/G, ... (G = 16 there). ToMe proper uses attention keys, which we do not have for
 * connector outputs.
 */
@FunctionalInterface
public interface TokenMetric {
    /** The features themselves. */
    TokenMetric IDENTITY = (x, n, h) -> x;

    /**
     * @param x (n, h) tokens
     * @return (n, m) metric rows; m = length / n
     */
    float[] of(float[] x, int n, int h);

    /** LongVLM's channel-group mean with {@code groups} groups; the hidden size must be a multiple of it. */
    static TokenMetric channelGroupMeans(int groups) {
        if (groups <= 0) {
            throw new IllegalArgumentException("channel groups must be >= 1, got " + groups);
        }
        return (x, n, h) -> {
            if (h % groups != 0) {
                throw new IllegalArgumentException("hidden size " + h + " is not a multiple of " + groups + " channel groups");
            }
            int m = h / groups;
            float[] out = new float[n * m]; // (n, h / groups)
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < groups; g++) {
                    for (int j = 0; j < m; j++) {
                        out[i * m + j] += x[i * h + g * m + j];
                    }
                }
                for (int j = 0; j < m; j++) {
                    out[i * m + j] /= groups;
                }
            }
            return out;
        };
    }
}
