/**
 * Layer schedules that drop visual tokens between decoder layers through
 * {@link org.videollm4j.model.kv.LayerHook}: LP-Comp (XComp's cosine tokens-per-frame schedule with suffix
 * keep and per-layer position compaction) and the FastV baseline.
 */
package org.videollm4j.compress.layer;
