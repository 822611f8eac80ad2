/**
 * KV-cache policies applied during a chunked prefill ({@link org.videollm4j.compress.kv.ChunkedPrefill}):
 * PivotKV (ReTaKe), and the SnapKV and H2O baselines, all counting their budget with
 * {@link org.videollm4j.compress.kv.KvBudget} so they compare at equal KV size. Pure cores
 * ({@link org.videollm4j.compress.kv.PivotScores}, {@link org.videollm4j.compress.kv.KeepSelection},
 * {@link org.videollm4j.compress.kv.PositionReforge}) are tested apart from the policies that apply them
 * to a {@link org.videollm4j.model.kv.KvCache}. No policy evicts text tokens. Combining PivotKV's
 * position reforge with a layer schedule that compacts positions (LP-Comp) is not supported.
 */
package org.videollm4j.compress.kv;
