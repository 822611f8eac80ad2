package org.videollm4j.generate;

/**
 * @param tokens     generated ids in order (including a final stop id, if one ended generation)
 * @param stopped    true if a stop id ended generation, false if max_new_tokens did
 * @param stepLogits (tokens.length, vocab) logits each token was chosen from, or null unless asked for
 */
public record GenerationResult(int[] tokens, boolean stopped, float[] stepLogits) {
}
