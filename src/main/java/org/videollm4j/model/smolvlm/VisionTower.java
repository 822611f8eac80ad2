package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.model.ops.Activations;
import org.videollm4j.model.ops.Norms;
import org.videollm4j.tensor.Attention;
import org.videollm4j.tensor.Linear;
import org.videollm4j.tensor.Parallel;
import org.videollm4j.tensor.WeightMatrix;
import org.videollm4j.util.BadInputException;

/**
 * The SigLIP vision transformer of SmolVLM (transformers models/smolvlm/modeling_smolvlm.py:
 * SmolVLMVisionEmbeddings, SmolVLMEncoder, post_layernorm) for full square tiles: every patch is valid,
 * so positions are 0 .. N²-1 in raster order and no attention mask is needed (model-architectures A3/A4).
 */
public final class VisionTower {
    private final SiglipVisionConfig config;
    private final Linear patchEmbed;        // (V, C·p·p), conv weight [V, C, p, p] flattened (c, ky, kx)
    private final float[] patchBias;        // (V)
    private final WeightMatrix positions;   // (N², V)
    private final VisionLayer[] layers;     // (numLayers)
    private final float[] postW;            // (V)
    private final float[] postB;            // (V)

    public VisionTower(SiglipVisionConfig c, WeightStore w, String prefix) {
        this.config = c;
        int d = c.hiddenSize();
        int p = c.patchSize();
        String why = "vision_config.hidden_size=" + d + ", num_channels=" + c.numChannels() + ", patch_size=" + p;
        this.patchEmbed = new Linear(w.matrix(prefix + "embeddings.patch_embedding.weight",
                new long[]{d, c.numChannels(), p, p}, why));
        this.patchBias = w.vector(prefix + "embeddings.patch_embedding.bias", d, why);
        this.positions = w.matrix(prefix + "embeddings.position_embedding.weight", c.numPatches(), d,
                "(image_size/patch_size)²=" + c.numPatches() + ", hidden_size=" + d);
        this.layers = new VisionLayer[c.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = VisionLayer.load(w, prefix + "encoder.layers." + i + ".", c);
        }
        String extra = prefix + "encoder.layers." + layers.length + ".layer_norm1.weight";
        if (w.contains(extra)) {
            throw new BadInputException(w.fileName(extra) + ": has tensor '" + extra
                    + "' but config.json says vision_config.num_hidden_layers=" + layers.length);
        }
        this.postW = w.vector(prefix + "post_layernorm.weight", d, "vision_config.hidden_size=" + d);
        this.postB = w.vector(prefix + "post_layernorm.bias", d, "vision_config.hidden_size=" + d);
    }

    public SiglipVisionConfig config() {
        return config;
    }

    /**
     * Encodes {@code frames} normalised tiles.
     *
     * @param pixels (frames, C, S, S) channels-first, S = image_size
     * @return (frames, N², V) hidden states after post_layernorm
     */
    public float[] encode(float[] pixels, int frames) {
        int np = config.numPatches();
        int d = config.hiddenSize();
        int rows = frames * np;
        float[] x = new float[rows * d]; // (frames·N², V)
        patchEmbed.apply(patchify(pixels, frames), rows, patchBias, x);
        float[] pos = new float[d];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < np; i++) {
                positions.row(i, pos, 0);
                int o = (f * np + i) * d;
                for (int j = 0; j < d; j++) {
                    x[o + j] += pos[j];
                }
            }
        }
        for (VisionLayer layer : layers) {
            layer(layer, x, frames);
        }
        Norms.layerNorm(x, rows, d, postW, postB, (float) config.layerNormEps(), x);
        return x;
    }

    /** (frames, C, S, S) pixels -> (frames·N², C·p·p) patch vectors, rows raster (py, px), inner (c, ky, kx). */
    float[] patchify(float[] pixels, int frames) {
        int c = config.numChannels();
        int s = config.imageSize();
        int p = config.patchSize();
        int n = config.patchesPerSide();
        if (frames <= 0 || pixels.length != (long) frames * c * s * s) {
            throw new IllegalArgumentException("pixels must be (" + frames + ", " + c + ", " + s + ", " + s
                    + "), got " + pixels.length + " floats");
        }
        int k = c * p * p;
        float[] out = new float[frames * n * n * k]; // (frames·N², C·p·p)
        for (int f = 0; f < frames; f++) {
            for (int py = 0; py < n; py++) {
                for (int px = 0; px < n; px++) {
                    int o = ((f * n + py) * n + px) * k;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < p; ky++) {
                            int src = ((f * c + ch) * s + py * p + ky) * s + px * p;
                            System.arraycopy(pixels, src, out, o + (ch * p + ky) * p, p);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Pre-LN block: h = x + out(attn(LN1 x)); x = h + fc2(gelu(fc1(LN2 h))). x: (frames·N², V) in place. */
    private void layer(VisionLayer w, float[] x, int frames) {
        int np = config.numPatches();
        int d = config.hiddenSize();
        int rows = frames * np;
        float eps = (float) config.layerNormEps();
        float[] y = new float[rows * d]; // (rows, V)
        Norms.layerNorm(x, rows, d, w.ln1W(), w.ln1B(), eps, y);
        float[] q = new float[rows * d]; // (frames, N², heads, headDim)
        float[] k = new float[rows * d];
        float[] v = new float[rows * d];
        w.q().apply(y, rows, w.qB(), q);
        w.k().apply(y, rows, w.kB(), k);
        w.v().apply(y, rows, w.vB(), v);
        float[] att = new float[rows * d]; // (frames, N², heads, headDim)
        attention(q, k, v, frames, att);
        w.out().apply(att, rows, w.outB(), y);
        for (int i = 0; i < rows * d; i++) {
            x[i] += y[i];
        }
        Norms.layerNorm(x, rows, d, w.ln2W(), w.ln2B(), eps, y);
        float[] hmid = new float[rows * config.intermediateSize()]; // (rows, I)
        w.fc1().apply(y, rows, w.fc1B(), hmid);
        Activations.geluTanh(hmid, hmid.length);
        w.fc2().apply(hmid, rows, w.fc2B(), y);
        for (int i = 0; i < rows * d; i++) {
            x[i] += y[i];
        }
    }

    /** Queries per parallel task: amortises gathering the head's keys/values (2·N²·hd floats) over many rows. */
    private static final int QUERY_CHUNK = 256;

    /**
     * Bidirectional attention within each frame, blocked over queries (scores never exceed
     * {@link Attention#QUERY_BLOCK} x N²), tasks over (frame, head, query chunk). q, k, v, out: (frames, N², heads, hd).
     */
    private void attention(float[] q, float[] k, float[] v, int frames, float[] out) {
        int np = config.numPatches();
        int heads = config.numAttentionHeads();
        int hd = config.headDim();
        int d = config.hiddenSize();
        float scale = (float) (1.0 / Math.sqrt(hd));
        int chunks = (np + QUERY_CHUNK - 1) / QUERY_CHUNK;
        Parallel.forEach(frames * heads * chunks, task -> {
            int c = task % chunks;
            int h = (task / chunks) % heads;
            int f = task / (chunks * heads);
            int off = f * np * d + h * hd;
            Attention.attendHead(q, off, d, c * QUERY_CHUNK, Math.min(np, (c + 1) * QUERY_CHUNK),
                    k, v, off, d, np, hd, scale, -1, out, off, d, null);
        });
    }
}
