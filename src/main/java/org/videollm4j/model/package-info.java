/**
 * Model runtime. {@code hf}: safetensors (single or sharded, memory-mapped, validated) and
 * generation_config.json; {@code smolvlm}: config records, SigLIP vision tower, pixel-shuffle connector and
 * the {@link org.videollm4j.model.smolvlm.SmolVlmModel} facade; {@code llama}: the text decoder;
 * {@code kv}: cache, attention observer, layer hook; {@code ops}: norms, activations, RoPE.
 * Parity with PyTorch is tested on testdata/goldens (SmolVlmParityTest).
 */
package org.videollm4j.model;
