package org.videollm4j.model.llama;

import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.tensor.Linear;
import org.videollm4j.tensor.WeightMatrix;

/** The weights of one Llama decoder layer (names as transformers' LlamaDecoderLayer; no biases). */
record LlamaLayer(float[] inputNorm,      // (hidden)
                  Linear q,         // (heads·headDim, hidden)
                  Linear k,         // (kvHeads·headDim, hidden)
                  Linear v,         // (kvHeads·headDim, hidden)
                  Linear o,         // (hidden, heads·headDim)
                  float[] postNorm,       // (hidden)
                  Linear gate,      // (intermediate, hidden)
                  Linear up,        // (intermediate, hidden)
                  Linear down) {    // (hidden, intermediate)

    /** @param int8Decode decoding (one-row) products on int8 copies of the weights ({@link Linear#withInt8Decode}) */
    static LlamaLayer load(WeightStore w, String prefix, LlamaTextConfig c, boolean int8Decode) {
        int h = c.hiddenSize();
        int f = c.intermediateSize();
        String qWhy = "num_attention_heads=" + c.numAttentionHeads() + ", head_dim=" + c.headDim() + ", hidden_size=" + h;
        String kvWhy = "num_key_value_heads=" + c.numKeyValueHeads() + ", head_dim=" + c.headDim();
        String fWhy = "intermediate_size=" + f + ", hidden_size=" + h;
        return new LlamaLayer(
                w.vector(prefix + "input_layernorm.weight", h, "hidden_size=" + h),
                linear(w.matrix(prefix + "self_attn.q_proj.weight", c.qDim(), h, qWhy), int8Decode),
                linear(w.matrix(prefix + "self_attn.k_proj.weight", c.kvDim(), h, kvWhy), int8Decode),
                linear(w.matrix(prefix + "self_attn.v_proj.weight", c.kvDim(), h, kvWhy), int8Decode),
                linear(w.matrix(prefix + "self_attn.o_proj.weight", h, c.qDim(), qWhy), int8Decode),
                w.vector(prefix + "post_attention_layernorm.weight", h, "hidden_size=" + h),
                linear(w.matrix(prefix + "mlp.gate_proj.weight", f, h, fWhy), int8Decode),
                linear(w.matrix(prefix + "mlp.up_proj.weight", f, h, fWhy), int8Decode),
                linear(w.matrix(prefix + "mlp.down_proj.weight", h, f, fWhy), int8Decode));
    }

    private static Linear linear(WeightMatrix m, boolean int8Decode) {
        Linear l = new Linear(m);
        return int8Decode ? l.withInt8Decode() : l;
    }
}
