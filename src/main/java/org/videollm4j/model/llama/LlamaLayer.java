package org.videollm4j.model.llama;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.tensor.WeightMatrix;

/** The weights of one Llama decoder layer (names as transformers' LlamaDecoderLayer; no biases). */
record LlamaLayer(float[] inputNorm,      // (hidden)
                  WeightMatrix q,         // (heads·headDim, hidden)
                  WeightMatrix k,         // (kvHeads·headDim, hidden)
                  WeightMatrix v,         // (kvHeads·headDim, hidden)
                  WeightMatrix o,         // (hidden, heads·headDim)
                  float[] postNorm,       // (hidden)
                  WeightMatrix gate,      // (intermediate, hidden)
                  WeightMatrix up,        // (intermediate, hidden)
                  WeightMatrix down) {    // (hidden, intermediate)

    static LlamaLayer load(WeightStore w, String prefix, LlamaTextConfig c) {
        int h = c.hiddenSize();
        int f = c.intermediateSize();
        String qWhy = "num_attention_heads=" + c.numAttentionHeads() + ", head_dim=" + c.headDim() + ", hidden_size=" + h;
        String kvWhy = "num_key_value_heads=" + c.numKeyValueHeads() + ", head_dim=" + c.headDim();
        String fWhy = "intermediate_size=" + f + ", hidden_size=" + h;
        return new LlamaLayer(
                w.vector(prefix + "input_layernorm.weight", h, "hidden_size=" + h),
                w.matrix(prefix + "self_attn.q_proj.weight", c.qDim(), h, qWhy),
                w.matrix(prefix + "self_attn.k_proj.weight", c.kvDim(), h, kvWhy),
                w.matrix(prefix + "self_attn.v_proj.weight", c.kvDim(), h, kvWhy),
                w.matrix(prefix + "self_attn.o_proj.weight", h, c.qDim(), qWhy),
                w.vector(prefix + "post_attention_layernorm.weight", h, "hidden_size=" + h),
                w.matrix(prefix + "mlp.gate_proj.weight", f, h, fWhy),
                w.matrix(prefix + "mlp.up_proj.weight", f, h, fWhy),
                w.matrix(prefix + "mlp.down_proj.weight", h, f, fWhy));
    }
}
