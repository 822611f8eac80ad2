/**
 * The decoder's KV cache and the two extension points compression methods use, so that PivotKV,
 * SnapKV, H2O, LP-Comp, FastV and QC-Comp never change model code:
 * <ul>
 * <li>{@link org.videollm4j.model.kv.KvCache}: per-layer entries (own count per layer), each with a RoPE
 * position and a tag; keep / remove / shiftPositions / clear per layer; keys stored rotated and
 * re-rotated by the delta on a shift; bytes used per layer.</li>
 * <li>{@link org.videollm4j.model.kv.AttentionObserver}: softmax weights of chosen layers and query rows,
 * handed over by the attention kernel (one null check when absent); on request also a layer's queries and
 * keys before RoPE (position-free scores, as PivotKV's).</li>
 * <li>{@link org.videollm4j.model.kv.LayerHook}: runs after each layer with the
 * {@link org.videollm4j.model.kv.TokenStates} going into the next one; may drop tokens (they then get no
 * entries in later layers) or edit the cache.</li>
 * </ul>
 * Typical use: {@code model.forward(states, cache, Logits.LAST, observer, hook)} from
 * {@link org.videollm4j.model.llama.LlamaModel}, or a {@link org.videollm4j.generate.Generator} built with both.
 */
package org.videollm4j.model.kv;
