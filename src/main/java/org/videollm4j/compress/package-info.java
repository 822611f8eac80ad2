/**
 * Token-compression stages shared records. {@link org.videollm4j.compress.VisualFeatures} is what every
 * stage reads: the connector's LLM-space tokens (frames, tokensPerFrame, hidden) with per-frame times;
 * {@link org.videollm4j.compress.FrameSelection} is what a frame selector returns (kept frames in time
 * order, per-frame scores, keyframe flags, and DPSelect's per-token pivot mask for PivotKV).
 * Sub-packages: {@code select} (uniform, DPSelect, QC-Comp), {@code merge} (LongVLM ToMe merging +
 * global tokens); KV policies and layer schedules live in {@code kv} and {@code layer}.
 */
package org.videollm4j.compress;
