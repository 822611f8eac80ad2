package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.tensor.Linear;

/**
 * SmolVLM connector (transformers modeling_smolvlm.py SmolVLMConnector): pixel shuffle by scale_factor s
 * then a bias-free linear projection to the text hidden size. Pixel shuffle index form
 * (model-architectures A5): out[r'·(N/s) + c'][(k2·s + k1)·V + d] = x[(r'·s + k2)·N + (c'·s + k1)][d].
 */
public final class Connector {
    private final int side;            // N = image_size / patch_size
    private final int scale;           // s
    private final int visionHidden;    // V
    private final Linear proj;         // (H, V·s²)

    public Connector(SmolVlmConfig c, WeightStore w, String name) {
        this.side = c.vision().patchesPerSide();
        this.scale = c.scaleFactor();
        this.visionHidden = c.vision().hiddenSize();
        int in = visionHidden * scale * scale;
        this.proj = new Linear(w.matrix(name, c.text().hiddenSize(), in, "text_config.hidden_size=" + c.text().hiddenSize()
                + ", vision_config.hidden_size·scale_factor²=" + visionHidden + "·" + scale + "²"));
    }

    /** Tokens per tile: (N / s)². */
    public int tokensPerImage() {
        return (side / scale) * (side / scale);
    }

    /** @param hidden (frames, N², V) vision output; @return (frames, (N/s)², H) image features */
    public float[] project(float[] hidden, int frames) {
        float[] out = new float[frames * tokensPerImage() * proj.out()]; // (frames·t, H)
        project(hidden, frames, new float[frames * tokensPerImage() * visionHidden * scale * scale], out);
        return out;
    }

    /**
     * As {@link #project(float[], int)} into out (at least frames·t·H floats), with shuffled as scratch (at least
     * frames·t·V·s² floats), so that a caller encoding many batches allocates neither per batch.
     */
    public void project(float[] hidden, int frames, float[] shuffled, float[] out) {
        proj.apply(pixelShuffle(hidden, frames, shuffled), frames * tokensPerImage(), out);
    }

    /** (frames, N², V) -> (frames, (N/s)², V·s²). */
    float[] pixelShuffle(float[] x, int frames) {
        return pixelShuffle(x, frames, new float[frames * tokensPerImage() * visionHidden * scale * scale]);
    }

    private float[] pixelShuffle(float[] x, int frames, float[] out) {
        int n = side;
        int s = scale;
        int d = visionHidden;
        int m = n / s;
        int width = d * s * s; // out: (frames, m², width)
        for (int f = 0; f < frames; f++) {
            int inBase = f * n * n;
            int outBase = f * m * m;
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    for (int k2 = 0; k2 < s; k2++) {
                        for (int k1 = 0; k1 < s; k1++) {
                            int src = (inBase + (r * s + k2) * n + (c * s + k1)) * d;
                            int dst = (outBase + r * m + c) * width + (k2 * s + k1) * d;
                            System.arraycopy(x, src, out, dst, d);
                        }
                    }
                }
            }
        }
        return out;
    }
}
