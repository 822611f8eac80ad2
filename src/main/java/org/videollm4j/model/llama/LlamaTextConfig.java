package org.videollm4j.model.llama;

import org.videollm4j.model.hf.ConfigFields;
import org.videollm4j.util.BadInputException;

/**
 * The Llama text decoder's hyper-parameters (config.json "text_config"). Missing keys take the
 * defaults of transformers' LlamaConfig.__init__ (models/llama/configuration_llama.py): vocab 32000,
 * hidden 4096, intermediate 11008, 32 layers, 32 heads, num_key_value_heads = heads,
 * head_dim = hidden / heads, hidden_act silu, max_position_embeddings 2048, rms_norm_eps 1e-6,
 * rope_theta 10000 (also read from v5's rope_parameters), tie_word_embeddings false, no rope_scaling, no attention/mlp bias.
 */
public record LlamaTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
                              int numAttentionHeads, int numKeyValueHeads, int headDim, String hiddenAct,
                              int maxPositionEmbeddings, double rmsNormEps, double ropeTheta,
                              boolean tieWordEmbeddings) {
    private static final String FILE = "config.json";

    public LlamaTextConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw bad("num_attention_heads=" + numAttentionHeads + " is not a multiple of num_key_value_heads="
                    + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw bad("head_dim=" + headDim + " must be even for rotary embeddings");
        }
        if (!hiddenAct.equals("silu")) {
            throw bad("hidden_act '" + hiddenAct + "' is not supported (supported: silu)");
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw bad("rms_norm_eps=" + rmsNormEps + " and rope_theta=" + ropeTheta + " must be positive");
        }
    }

    public static LlamaTextConfig parse(ConfigFields f) {
        String type = f.stringOr("model_type", "llama");
        if (!type.equals("llama")) {
            throw f.bad("model_type", "'" + type + "' is not supported (supported: llama)");
        }
        // transformers v4 writes rope_theta + rope_scaling; v5 writes rope_parameters {rope_type, rope_theta}
        for (String key : new String[]{"rope_scaling", "rope_parameters"}) {
            if (f.has(key)) {
                ConfigFields r = f.child(key);
                String kind = r.stringOr("rope_type", r.stringOr("type", "default"));
                if (!kind.equals("default")) {
                    throw f.bad(key, "type '" + kind + "' is not supported (only plain RoPE)");
                }
            }
        }
        double theta = f.has("rope_theta") ? f.doubleOr("rope_theta", 10000.0)
                : f.child("rope_parameters").doubleOr("rope_theta", 10000.0);
        if (f.boolOr("attention_bias", false) || f.boolOr("mlp_bias", false)) {
            throw f.bad("attention_bias", "/ mlp_bias = true is not supported (SmolVLM's Llama has no biases)");
        }
        int hidden = f.intOr("hidden_size", 4096);
        int heads = f.intOr("num_attention_heads", 32);
        if (heads <= 0 || (!f.has("head_dim") && hidden % heads != 0)) {
            throw f.bad("hidden_size", "=" + hidden + " is not divisible by num_attention_heads=" + heads);
        }
        return new LlamaTextConfig(
                f.intOr("vocab_size", 32000), hidden, f.intOr("intermediate_size", 11008),
                f.intOr("num_hidden_layers", 32), heads, f.intOr("num_key_value_heads", heads),
                f.intOr("head_dim", hidden / heads), f.stringOr("hidden_act", "silu"),
                f.intOr("max_position_embeddings", 2048), f.doubleOr("rms_norm_eps", 1e-6),
                theta, f.boolOr("tie_word_embeddings", false));
    }

    public int qDim() {
        return numAttentionHeads * headDim;
    }

    public int kvDim() {
        return numKeyValueHeads * headDim;
    }

    private static void positive(String key, int v) {
        if (v <= 0) {
            throw bad("text_config." + key + "=" + v + " must be positive");
        }
    }

    private static BadInputException bad(String problem) {
        return new BadInputException(FILE + ": " + problem);
    }
}
