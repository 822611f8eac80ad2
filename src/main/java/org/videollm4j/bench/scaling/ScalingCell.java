package org.videollm4j.bench.scaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One (length, method) measurement: a fresh JVM running {@code ask --json} under the heap cap.
 *
 * @param minutes          video length in minutes
 * @param method           the {@code --method} word
 * @param flags            the method's extra {@code ask} flags (frame budget)
 * @param error            the pipeline's own error line when the cell could not run (null when it answered)
 * @param wallMs           the child process's wall time: JVM start, model load and the whole pipeline
 * @param stagesMs         the trace's time per stage (decode, preprocess, vision, keyframes, select, qc_comp,
 *                         prefill_video, prefill, generate, total); empty on error
 * @param framesSampled    frames sampled (1 fps)
 * @param framesKept       frames that reached the prompt
 * @param visualTokens     visual tokens after each stage (sampled, selected, prompt, kv)
 * @param kvEntries        KV cache entries at the end of prefill, summed over layers
 * @param kvBytes          bytes those entries use
 * @param promptTokens     prompt tokens
 * @param answer           the answer (informational: the bench does not judge it)
 * @param traceHeapBytes   the trace's peak heap: sum of each heap pool's peak since the video was read (upper bound)
 * @param gc               heap before/after each GC pause of the child ({@code -Xlog:gc})
 * @param loadAverage      1-minute load average of the machine when the cell ended
 */
public record ScalingCell(double minutes, String method, List<String> flags, String error, long wallMs,
                          Map<String, Long> stagesMs, int framesSampled, int framesKept, Map<String, Integer> visualTokens,
                          long kvEntries, long kvBytes, int promptTokens, String answer, long traceHeapBytes, GcLog gc,
                          double loadAverage) {
    public ScalingCell {
        flags = List.copyOf(flags);
        stagesMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stagesMs)); // pipeline order kept
        visualTokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(visualTokens));
    }

    public boolean ok() {
        return error == null;
    }

    /** Largest heap in use seen: the trace's pool-peak sum or the GC log's before-pause peak, whichever is larger. */
    public long peakHeapBytes() {
        return Math.max(traceHeapBytes, gc.maxBeforeBytes());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minutes", minutes);
        m.put("method", method);
        m.put("flags", flags);
        m.put("ok", ok());
        m.put("error", error);
        m.put("wall_ms", wallMs);
        m.put("stages_ms", stagesMs);
        m.put("frames_sampled", framesSampled);
        m.put("frames_kept", framesKept);
        m.put("visual_tokens", visualTokens);
        m.put("kv_entries", kvEntries);
        m.put("kv_bytes", kvBytes);
        m.put("prompt_tokens", promptTokens);
        m.put("answer", answer);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("trace_pool_peaks_bytes", traceHeapBytes);
        h.put("gc_max_before_pause_bytes", gc.maxBeforeBytes());
        h.put("gc_max_after_pause_bytes", gc.maxAfterBytes());
        h.put("gc_max_committed_bytes", gc.maxCommittedBytes());
        h.put("gc_pauses", gc.pauses());
        m.put("heap", h);
        m.put("load_average_1m", loadAverage);
        return m;
    }
}
