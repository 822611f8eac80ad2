package org.videollm4j.model.llama;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.ops.Activations;
import org.videollm4j.model.ops.Norms;
import org.videollm4j.model.ops.Rope;
import org.videollm4j.tensor.Linear;
import org.videollm4j.tensor.WeightMatrix;

/**
 * The Llama text decoder (transformers models/llama/modeling_llama.py: LlamaModel + lm_head):
 * x += o(attn(rms(x))); x += down(silu(gate(rms(x))) · up(rms(x))); final RMSNorm; lm_head.
 * Input is embeddings with explicit per-token positions, so image features can replace token
 * embeddings and compression methods can choose positions. Every forward call appends its tokens to
 * the cache, so a prefill may be split into chunks and decoding is a forward of one token.
 */
public final class LlamaModel {
    /** Which rows of the call get logits. */
    public enum Logits { ALL, LAST, NONE }

    /**
     * @param logits (rows.length, vocab) logits of the requested surviving rows
     * @param rows   input row of each logits row
     */
    public record Output(float[] logits, int[] rows, int vocab) {
        /** Logits of output row r, (vocab). */
        public float[] row(int r) {
            float[] out = new float[vocab];
            System.arraycopy(logits, r * vocab, out, 0, vocab);
            return out;
        }
    }

    private final LlamaTextConfig config;
    private final WeightMatrix embedTokens; // (vocab, hidden)
    private final LlamaLayer[] layers;      // (numLayers)
    private final float[] finalNorm;        // (hidden)
    private final Linear lmHead;            // (vocab, hidden), embedTokens when tied
    private final Rope rope;

    /**
     * @param prefix tensor name prefix of the decoder, e.g. "model.text_model."
     * @param tied   use embed_tokens as lm_head (lm_head.weight is then not read)
     */
    public LlamaModel(LlamaTextConfig config, WeightStore w, String prefix, String lmHeadName, boolean tied) {
        this(config, w, prefix, lmHeadName, tied, false);
    }

    /**
     * @param int8Decode one-token (decoding) products of the layers and lm_head on int8 copies of the
     *                   weights (per-group symmetric, {@link org.videollm4j.tensor.QuantizedMatrix});
     *                   batched products (prefill) stay f32
     */
    public LlamaModel(LlamaTextConfig config, WeightStore w, String prefix, String lmHeadName, boolean tied,
                      boolean int8Decode) {
        this.config = config;
        int h = config.hiddenSize();
        String vWhy = "vocab_size=" + config.vocabSize() + ", hidden_size=" + h;
        this.embedTokens = w.matrix(prefix + "embed_tokens.weight", config.vocabSize(), h, vWhy);
        this.layers = new LlamaLayer[config.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = LlamaLayer.load(w, prefix + "layers." + i + ".", config, int8Decode);
        }
        String extra = prefix + "layers." + layers.length + ".input_layernorm.weight";
        if (w.contains(extra)) {
            throw new org.videollm4j.util.BadInputException(w.fileName(extra) + ": has tensor '" + extra
                    + "' but config.json says num_hidden_layers=" + layers.length);
        }
        this.finalNorm = w.vector(prefix + "norm.weight", h, "hidden_size=" + h);
        Linear head = new Linear(tied ? embedTokens : w.matrix(lmHeadName, config.vocabSize(), h, vWhy
                + "; tie_word_embeddings is false so lm_head.weight is required"));
        this.lmHead = int8Decode ? head.withInt8Decode() : head;
        this.rope = new Rope(config.headDim(), config.ropeTheta());
    }

    public LlamaTextConfig config() {
        return config;
    }

    public Rope rope() {
        return rope;
    }

    public KvCache newCache() {
        return new KvCache(layers.length, config.numKeyValueHeads(), config.headDim(), rope);
    }

    /** Token embeddings (ids.length, hidden). */
    public float[] embed(int[] ids) {
        int h = config.hiddenSize();
        float[] out = new float[ids.length * h]; // (n, hidden)
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[i] + " outside vocabulary of " + config.vocabSize());
            }
            embedTokens.row(ids[i], out, i * h);
        }
        return out;
    }

    /** Forward of embeddings (n, hidden) at positions (n), appended to the cache; no observer or hook. */
    public Output forward(float[] embeddings, int[] positions, KvCache cache, Logits logits) {
        TokenStates s = new TokenStates(embeddings.clone(), positions.length, config.hiddenSize(), positions, null);
        return forward(s, cache, logits, null, LayerHook.NONE);
    }

    /**
     * Runs all layers over {@code states} (modified in place), appending each layer's keys/values to
     * {@code cache}. {@code observer} may be null; {@code hook} runs after every layer.
     */
    public Output forward(TokenStates states, KvCache cache, Logits logits, AttentionObserver observer, LayerHook hook) {
        if (cache.numLayers() != layers.length) {
            throw new IllegalArgumentException("cache has " + cache.numLayers() + " layers, model " + layers.length);
        }
        int h = config.hiddenSize();
        float eps = (float) config.rmsNormEps();
        for (int l = 0; l < layers.length && states.size() > 0; l++) {
            LlamaLayer w = layers[l];
            int n = states.size();
            float[] x = states.x();                // (n, hidden)
            float[] y = new float[n * h];          // (n, hidden)
            Norms.rmsNorm(x, n, h, w.inputNorm(), eps, y);
            float[] q = new float[n * config.qDim()];  // (n, heads, headDim)
            float[] k = new float[n * config.kvDim()]; // (n, kvHeads, headDim)
            float[] v = new float[n * config.kvDim()]; // (n, kvHeads, headDim)
            w.q().apply(y, n, q);
            w.k().apply(y, n, k);
            w.v().apply(y, n, v);
            if (observer != null && observer.wantsProjections(l)) {
                observer.observeProjections(l, cache.size(l), n, q, k);
            }
            int[] pos = states.positions();
            for (int i = 0; i < n; i++) {
                rope.rotate(q, i * config.qDim(), config.numAttentionHeads(), pos[i]);
                rope.rotate(k, i * config.kvDim(), config.numKeyValueHeads(), pos[i]);
            }
            int base = cache.size(l);
            cache.append(l, k, v, n, pos, states.tags());
            float[] att = new float[n * config.qDim()]; // (n, heads, headDim)
            CausalAttention.attend(q, n, config.numAttentionHeads(), config.headDim(), cache.layer(l), base, att,
                    l, observer);
            w.o().apply(att, n, y);
            add(x, y, n * h);
            Norms.rmsNorm(x, n, h, w.postNorm(), eps, y);
            int f = config.intermediateSize();
            float[] gate = new float[n * f]; // (n, intermediate)
            float[] up = new float[n * f];   // (n, intermediate)
            w.gate().apply(y, n, gate);
            w.up().apply(y, n, up);
            Activations.siluMul(gate, up, n * f);
            w.down().apply(gate, n, y);
            add(x, y, n * h);
            hook.afterLayer(l, states, cache);
        }
        return head(states, logits);
    }

    private Output head(TokenStates states, Logits mode) {
        int n = states.size();
        int h = config.hiddenSize();
        int vocab = config.vocabSize();
        int from = switch (mode) {
            case ALL -> 0;
            case LAST -> Math.max(0, n - 1);
            case NONE -> n;
        };
        int m = n - from;
        int[] rows = new int[m];
        System.arraycopy(states.rows(), from, rows, 0, m);
        if (m == 0) {
            return new Output(new float[0], rows, vocab);
        }
        float[] y = new float[m * h]; // (m, hidden)
        float[] tail = new float[m * h];
        System.arraycopy(states.x(), from * h, tail, 0, m * h);
        Norms.rmsNorm(tail, m, h, finalNorm, (float) config.rmsNormEps(), y);
        float[] logits = new float[m * vocab]; // (m, vocab)
        lmHead.apply(y, m, logits);
        return new Output(logits, rows, vocab);
    }

    private static void add(float[] x, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            x[i] += y[i];
        }
    }
}
