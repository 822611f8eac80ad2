package org.videollm4j.compress.merge;

import org.videollm4j.compress.VisualFeatures;

/**
 * LongVLM's global tokens, substituted for our encoder. The paper takes the [CLS] token of each of the
 * last E = 5 CLIP layers, averaged over all frames (ziplab/LongVLM longvlm/model/longvlm.py). SigLIP in
 * SmolVLM has no [CLS] token and the connector only sees the last layer, so a frame's summary here is
 * the mean of its connector output tokens ("pooled"), already in LLM space. E tokens are the means of
 * the pooled frames over E equal, consecutive time chunks (frames [i*T/E, (i+1)*T/E)); E = 1 is the
 * whole-video average the paper describes, E > 1 adds coarse temporal order instead of depth.
 */
public final class GlobalTokens {
    private GlobalTokens() {
    }

    /** @return (e, hidden) */
    public static float[] compute(VisualFeatures f, int e) {
        int t = f.frames(), n = f.tokensPerFrame(), h = f.hidden();
        if (e <= 0 || e > t) {
            throw new IllegalArgumentException("global token count must be in [1, frames=" + t + "], got " + e);
        }
        float[] out = new float[e * h]; // (e, hidden)
        for (int g = 0; g < e; g++) {
            int from = (int) ((long) g * t / e), to = (int) ((long) (g + 1) * t / e);
            double[] acc = new double[h];
            for (int fr = from; fr < to; fr++) {
                for (int i = 0; i < n; i++) {
                    int o = f.offset(fr, i);
                    for (int c = 0; c < h; c++) {
                        acc[c] += f.tokens()[o + c];
                    }
                }
            }
            double count = (double) (to - from) * n;
            for (int c = 0; c < h; c++) {
                out[g * h + c] = (float) (acc[c] / count);
            }
        }
        return out;
    }
}
