package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.tensor.FusedLinear;
import org.videollm4j.tensor.Linear;

/**
 * Weights of one SigLIP encoder layer (transformers SmolVLMEncoderLayer names; all linears biased). The q, k
 * and v projections (each (V, V) with a (V) bias) run as one fused product: columns [0, V) are q, [V, 2V) k,
 * [2V, 3V) v.
 */
record VisionLayer(float[] ln1W, float[] ln1B,             // (V), (V)
                   FusedLinear qkv,                  // (3V, V) with bias (3V)
                   Linear out, float[] outB,         // (V, V), (V)
                   float[] ln2W, float[] ln2B,             // (V), (V)
                   Linear fc1, float[] fc1B,         // (I, V), (I)
                   Linear fc2, float[] fc2B) {       // (V, I), (V)

    static VisionLayer load(WeightStore w, String p, SiglipVisionConfig c) {
        int d = c.hiddenSize();
        int i = c.intermediateSize();
        String dWhy = "vision_config.hidden_size=" + d;
        String iWhy = "vision_config.intermediate_size=" + i + ", hidden_size=" + d;
        return new VisionLayer(
                w.vector(p + "layer_norm1.weight", d, dWhy), w.vector(p + "layer_norm1.bias", d, dWhy),
                new FusedLinear(new Linear[]{
                        new Linear(w.matrix(p + "self_attn.q_proj.weight", d, d, dWhy)),
                        new Linear(w.matrix(p + "self_attn.k_proj.weight", d, d, dWhy)),
                        new Linear(w.matrix(p + "self_attn.v_proj.weight", d, d, dWhy))}, new float[][]{
                        w.vector(p + "self_attn.q_proj.bias", d, dWhy),
                        w.vector(p + "self_attn.k_proj.bias", d, dWhy),
                        w.vector(p + "self_attn.v_proj.bias", d, dWhy)}),
                new Linear(w.matrix(p + "self_attn.out_proj.weight", d, d, dWhy)), w.vector(p + "self_attn.out_proj.bias", d, dWhy),
                w.vector(p + "layer_norm2.weight", d, dWhy), w.vector(p + "layer_norm2.bias", d, dWhy),
                new Linear(w.matrix(p + "mlp.fc1.weight", i, d, iWhy)), w.vector(p + "mlp.fc1.bias", i, iWhy),
                new Linear(w.matrix(p + "mlp.fc2.weight", d, i, iWhy)), w.vector(p + "mlp.fc2.bias", d, iWhy));
    }
}
