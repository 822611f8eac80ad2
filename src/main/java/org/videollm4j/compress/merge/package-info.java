/**
 * Token merging: LongVLM's segment-wise ToMe ({@link org.videollm4j.compress.merge.BipartiteSoftMatching},
 * pure, size-weighted) under a schedule with global tokens first
 * ({@link org.videollm4j.compress.merge.LongVlmMerger} -> {@link org.videollm4j.compress.merge.MergedVideo});
 * {@link org.videollm4j.compress.merge.MergedPrompt} lays merged segments out in a SmolVLM prompt.
 */
package org.videollm4j.compress.merge;
