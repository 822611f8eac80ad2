/**
 * Frame selection: {@link org.videollm4j.compress.select.FrameSelector} with
 * {@link org.videollm4j.compress.select.UniformSelector} (frame budget),
 * {@link org.videollm4j.compress.select.DpSelectSelector} (ReTaKe DPSelect; pure core
 * {@link org.videollm4j.compress.select.DpSelect} over {@link org.videollm4j.compress.select.FeatureChange})
 * and {@link org.videollm4j.compress.select.QcComp} (XComp QC-Comp: pure
 * {@link org.videollm4j.compress.select.QcCompPlan} and aggregation, LLM
 * {@link org.videollm4j.compress.select.QcCompScorer}). {@link org.videollm4j.compress.select.VideoKeyframes}
 * runs DPSelect on a video file in bounded memory (the {@code keyframes} command).
 */
package org.videollm4j.compress.select;
