/**
 * {@code videollm4j bench-scaling}: time, peak heap and KV memory of the real {@code ask} pipeline against video
 * length (issue 7 item 3). {@link org.videollm4j.bench.scaling.ScalingBench} generates (or reuses) synthetic videos
 * and runs one fresh JVM per (length, method) cell under a heap cap; {@link org.videollm4j.bench.scaling.ScalingReport}
 * writes JSON and Markdown, {@link org.videollm4j.bench.scaling.ScalingPlot} a self-contained SVG.
 */
package org.videollm4j.bench.scaling;
