package org.videollm4j.model.ops;

/**
 * Rotary position embedding, default (unscaled) variant with half-split pairing, as transformers'
 * LlamaRotaryEmbedding + apply_rotary_pos_emb: inv_freq[i] = 1 / θ^(2i/d) in f32, angle = pos · inv_freq[i],
 * and element i pairs with element i + d/2 (rotate_half), NOT interleaved pairs.
 */
public final class Rope {
    private final int headDim;
    private final float[] invFreq; // (headDim / 2)

    public Rope(int headDim, double theta) {
        this.headDim = headDim;
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < headDim / 2; i++) {
            float exponent = (float) (2 * i) / headDim; // f32 arange / dim, as the reference
            invFreq[i] = (float) (1.0 / Math.pow(theta, exponent));
        }
    }

    public int headDim() {
        return headDim;
    }

    /**
     * Rotates {@code heads} consecutive head vectors of x starting at {@code off} (layout (heads, headDim))
     * by position {@code pos}. Rotation by a delta composes: rotate(p) then rotate(d) = rotate(p + d),
     * which {@link org.videollm4j.model.kv.KvCache#shiftPositions} relies on.
     */
    public void rotate(float[] x, int off, int heads, int pos) {
        int half = headDim / 2;
        float[] cos = new float[half];
        float[] sin = new float[half];
        for (int i = 0; i < half; i++) {
            float angle = pos * invFreq[i]; // f32 product as torch's (pos.float() @ inv_freq)
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
        for (int h = 0; h < heads; h++) {
            int b = off + h * headDim;
            for (int i = 0; i < half; i++) {
                float x1 = x[b + i];
                float x2 = x[b + i + half];
                x[b + i] = x1 * cos[i] - x2 * sin[i];
                x[b + i + half] = x2 * cos[i] + x1 * sin[i];
            }
        }
    }
}
