package org.videollm4j.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the compression stages did for one answer ({@code ask --json} "trace").
 *
 * @param method             the configuration's label, e.g. "retake kv=0.25"
 * @param sampledTimesS      (sampled frames) timestamp of every sampled frame
 * @param keptFrames         indices (into the sampled frames) of the frames that reached the prompt, in time order
 * @param keyframes          indices of DPSelect keyframes among the sampled frames (always computed; informational
 *                           for methods that do not use them)
 * @param visualTokens       visual tokens after each stage, in pipeline order: sampled, selected, merged (LongVLM),
 *                           prompt, kv (visual cache entries of layer 0 at the end of prefill)
 * @param visualPerLayer     (layers) visual cache entries of each layer at the end of prefill (LP-Comp and FastV
 *                           make them differ by layer)
 * @param kvEntriesPerLayer  (layers) cache entries (text + visual) at the end of prefill
 * @param kvBytesPerLayer    (layers) bytes those entries use
 * @param kvSteps            eviction steps of the KV policy (chunk, visual tokens in, kept at layer 0, pivots that
 *                           did not fit the budget)
 * @param maxPosition        largest RoPE position at the end of prefill (with the context limit it may exceed)
 * @param peakHeapBytes      sum over heap pools of each pool's peak use since the video was prepared (an upper
 *                           bound of the true peak: pools peak at different times)
 * @param timingsMs          wall time per stage
 */
public record CompressionTrace(String method, List<Double> sampledTimesS, int[] keptFrames, int[] keyframes,
                               Map<String, Integer> visualTokens, int[] visualPerLayer, int[] kvEntriesPerLayer,
                               long[] kvBytesPerLayer, List<int[]> kvSteps, int maxPosition, int contextLimit,
                               long peakHeapBytes, Map<String, Long> timingsMs) {

    public long kvBytes() {
        long s = 0;
        for (long b : kvBytesPerLayer) {
            s += b;
        }
        return s;
    }

    /** The visual tokens that reached the prompt. */
    public int promptVisualTokens() {
        return visualTokens.getOrDefault("prompt", 0);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        List<Map<String, Object>> sampled = new ArrayList<>();
        for (int i = 0; i < sampledTimesS.size(); i++) {
            sampled.add(Map.of("index", i, "pts_s", sampledTimesS.get(i)));
        }
        m.put("frames_sampled", sampled);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (int i : keptFrames) {
            kept.add(Map.of("index", i, "pts_s", sampledTimesS.get(i)));
        }
        m.put("frames_kept", kept);
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i : keyframes) {
            keys.add(Map.of("index", i, "pts_s", sampledTimesS.get(i)));
        }
        m.put("keyframes", keys);
        m.put("visual_tokens", visualTokens);
        m.put("visual_tokens_per_layer", visualPerLayer);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("entries_per_layer", kvEntriesPerLayer);
        kv.put("bytes_per_layer", kvBytesPerLayer);
        kv.put("bytes", kvBytes());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int[] s : kvSteps) {
            steps.add(Map.of("chunk", s[0], "visual_in", s[1], "kept", s[2], "pivots_dropped", s[3]));
        }
        kv.put("steps", steps);
        m.put("kv", kv);
        m.put("max_position", maxPosition);
        m.put("context_limit", contextLimit);
        m.put("peak_heap_bytes", peakHeapBytes);
        m.put("timings_ms", timingsMs);
        return m;
    }

    /** Resets the peaks of the heap pools (start of a measured span). */
    public static void resetHeapPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak use since the last {@link #resetHeapPeaks}. */
    public static long heapPeaks() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid() && p.getPeakUsage() != null) {
                s += p.getPeakUsage().getUsed();
            }
        }
        return s;
    }
}
