package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.model.ops.Activations;
import org.videollm4j.model.ops.Norms;
import org.videollm4j.tensor.Attention;
import org.videollm4j.tensor.BlockEpilogue;
import org.videollm4j.tensor.Linear;
import org.videollm4j.tensor.Parallel;
import org.videollm4j.tensor.VectorOps;
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
     * Scratch arrays for encoding up to {@code maxFrames} frames at a time, reused across layers and across the
     * frame batches of one call: fresh arrays per batch and layer cost ~90 MB of allocation per 256 demo frames,
     * and on this VM a first touch of fresh heap pages costs ~3.5 us per 4 KiB page (BENCHMARKS.md, "Demo
     * vision"), which made the encoder's speed depend on where the young generation stood. Not thread-safe:
     * one workspace per encoding thread.
     */
    public final class Workspace {
        private final int maxFrames;
        private final float[] patches; // (maxFrames·N², C·p·p)
        private final float[] x;       // (maxFrames·N², V) hidden states
        private final float[] y;       // (maxFrames·N², V) normed input / sub-layer output
        private final float[] qkv;     // (maxFrames·N², 3V) fused projections: q | k | v
        private final float[] att;     // (maxFrames·N², V) attention output, heads concatenated
        private final float[] hmid;    // (maxFrames·N², I) MLP hidden

        private Workspace(int maxFrames) {
            if (maxFrames <= 0) {
                throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
            }
            this.maxFrames = maxFrames;
            int rows = Math.multiplyExact(maxFrames, config.numPatches());
            int d = config.hiddenSize();
            this.patches = new float[Math.multiplyExact(rows, config.numChannels() * config.patchSize() * config.patchSize())];
            this.x = new float[Math.multiplyExact(rows, d)];
            this.y = new float[rows * d];
            this.qkv = new float[Math.multiplyExact(rows, 3 * d)];
            this.att = new float[rows * d];
            this.hmid = new float[Math.multiplyExact(rows, config.intermediateSize())];
        }
    }

    /** Scratch arrays for {@link #encode(float[], int, Workspace)} of up to maxFrames frames per call. */
    public Workspace workspace(int maxFrames) {
        return new Workspace(maxFrames);
    }

    /**
     * Encodes {@code frames} normalised tiles.
     *
     * @param pixels (frames, C, S, S) channels-first, S = image_size
     * @return (frames, N², V) hidden states after post_layernorm
     */
    public float[] encode(float[] pixels, int frames) {
        long need = (long) frames * config.numChannels() * config.imageSize() * config.imageSize();
        if (frames <= 0 || pixels.length != need) {
            throw new IllegalArgumentException("pixels must be (" + frames + ", " + config.numChannels() + ", "
                    + config.imageSize() + ", " + config.imageSize() + "), got " + pixels.length + " floats");
        }
        return encode(pixels, frames, new Workspace(frames)); // a workspace of exactly frames: x is the result
    }

    /**
     * As {@link #encode(float[], int)} into the workspace's arrays (frames ≤ its maxFrames), reading the first
     * frames of pixels (which may hold more): the result is the first frames·N²·V floats of an array the next
     * call on the same workspace overwrites.
     */
    public float[] encode(float[] pixels, int frames, Workspace ws) {
        if (frames > ws.maxFrames) {
            throw new IllegalArgumentException(frames + " frames exceed the workspace's " + ws.maxFrames);
        }
        int np = config.numPatches();
        int d = config.hiddenSize();
        int rows = frames * np;
        float[] x = ws.x; // (frames·N², V)
        patchEmbed.apply(patchify(pixels, frames, ws.patches), rows, patchBias, x);
        float[] pos = ws.y; // (V) scratch: y is free until the first layer
        for (int i = 0; i < np; i++) {
            positions.row(i, pos, 0);
            for (int f = 0; f < frames; f++) {
                VectorOps.axpy(1f, pos, 0, x, (f * np + i) * d, d);
            }
        }
        for (VisionLayer layer : layers) {
            layer(layer, frames, ws);
        }
        Norms.layerNorm(x, rows, d, postW, postB, (float) config.layerNormEps(), x);
        return x;
    }

    /** (frames, C, S, S) pixels -> (frames·N², C·p·p) patch vectors, rows raster (py, px), inner (c, ky, kx). */
    float[] patchify(float[] pixels, int frames) {
        int k = config.numChannels() * config.patchSize() * config.patchSize();
        return patchify(pixels, frames, new float[frames * config.numPatches() * k]);
    }

    /** {@link #patchify(float[], int)} into out (at least frames·N²·C·p·p floats); returns out. */
    private float[] patchify(float[] pixels, int frames, float[] out) {
        int c = config.numChannels();
        int s = config.imageSize();
        int p = config.patchSize();
        int n = config.patchesPerSide();
        if (frames <= 0 || pixels.length < (long) frames * c * s * s) { // a reused batch array may hold more frames
            throw new IllegalArgumentException("pixels must hold (" + frames + ", " + c + ", " + s + ", " + s
                    + "), got " + pixels.length + " floats");
        }
        int k = c * p * p; // out: (frames·N², C·p·p)
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

    /** Pre-LN block: h = x + out(attn(LN1 x)); x = h + fc2(gelu(fc1(LN2 h))). ws.x: (frames·N², V) in place. */
    private void layer(VisionLayer w, int frames, Workspace ws) {
        int rows = frames * config.numPatches();
        int d = config.hiddenSize();
        float eps = (float) config.layerNormEps();
        float[] x = ws.x, y = ws.y; // (rows, V)
        Norms.layerNorm(x, rows, d, w.ln1W(), w.ln1B(), eps, y);
        w.qkv().apply(y, rows, ws.qkv); // (rows, 3V): q | k | v
        attention(ws.qkv, frames, ws.att);
        // bias, gelu and the residual adds run on each finished output block inside the products' parallel tasks
        w.out().apply(ws.att, rows, w.outB(), y, BlockEpilogue.addInto(x));
        Norms.layerNorm(x, rows, d, w.ln2W(), w.ln2B(), eps, y);
        w.fc1().apply(y, rows, w.fc1B(), ws.hmid, GELU); // (rows, I)
        w.fc2().apply(ws.hmid, rows, w.fc2B(), y, BlockEpilogue.addInto(x));
    }

    /** gelu-tanh over a finished block of fc1's output. */
    private static final BlockEpilogue GELU = (c, i0, i1, j0, j1, ldc) -> {
        for (int i = i0; i < i1; i++) {
            Activations.geluTanh(c, i * ldc + j0, i * ldc + j1);
        }
    };

    /** Queries per parallel task: amortises gathering the head's keys/values (2·N²·hd floats) over many rows. */
    private static final int QUERY_CHUNK = 256;

    /**
     * Bidirectional attention within each frame, blocked over queries (scores never exceed
     * {@link Attention#QUERY_BLOCK} x N²), tasks over (frame, head, query chunk). qkv: (frames, N², 3, heads, hd)
     * (the fused projection's q | k | v columns); out: (frames, N², heads, hd).
     */
    private void attention(float[] qkv, int frames, float[] out) {
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
            int in = f * np * 3 * d + h * hd;
            Attention.attendHead(qkv, in, 3 * d, c * QUERY_CHUNK, Math.min(np, (c + 1) * QUERY_CHUNK),
                    qkv, in + d, qkv, in + 2 * d, 3 * d, np, hd, scale, -1, out, f * np * d + h * hd, d, null);
        });
    }
}
