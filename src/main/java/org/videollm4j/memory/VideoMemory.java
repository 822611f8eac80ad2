package org.videollm4j.memory;

import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.compress.select.DpSelect;
import org.videollm4j.compress.select.DpSelectSelector;
import org.videollm4j.image.RgbImage;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.SampledVideo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The question-independent result of reading a video with one model and one sampling: the sampled frames'
 * timestamps, their visual features and small thumbnails (for reports). What {@code chat} keeps in memory and
 * the cache keeps on disk ({@link MemoryCache}); every method starts from it ({@link #toEncoded}).
 *
 * @param key         the cache key this memory was computed under ({@link MemoryKey#id()})
 * @param durationS   the video's duration in seconds
 * @param features    (frames, tokensPerFrame, hidden) visual tokens with the frames' timestamps
 * @param thumbnails  (frames) one small RGB image per sampled frame, in time order
 * @param timingsMs   what computing it took (decode, preprocess, vision), kept for reports of cache hits
 */
public record VideoMemory(String key, double durationS, VisualFeatures features, List<RgbImage> thumbnails,
                          Map<String, Long> timingsMs) {

    public VideoMemory {
        if (thumbnails.size() != features.frames()) {
            throw new IllegalArgumentException(thumbnails.size() + " thumbnails for " + features.frames() + " frames");
        }
        thumbnails = List.copyOf(thumbnails);
        timingsMs = Map.copyOf(new LinkedHashMap<>(timingsMs));
    }

    /** Builds a memory from an encoded video: keeps its features and shrinks its frames to thumbnails. */
    public static VideoMemory of(String key, CompressedQa.Encoded e) {
        List<RgbImage> thumbs = e.video().frames().stream().map(Thumbnails::shrink).toList();
        Map<String, Long> t = new LinkedHashMap<>(e.timingsMs());
        t.remove("keyframes");
        return new VideoMemory(key, e.video().durationS(), e.features(), thumbs, t);
    }

    /**
     * What {@link CompressedQa#prepare} takes. The frames of the returned video are the thumbnails (nothing
     * downstream of encoding reads pixels); DPSelect's keyframes are recomputed from the features (cheap and
     * deterministic), so a cached memory and a fresh one give the same trace.
     *
     * @param timings the timings the answer's trace starts from (the memory's own, or a cache load's)
     */
    public CompressedQa.Encoded toEncoded(Map<String, Long> timings) {
        List<Double> ts = Arrays.stream(features.timestampsS()).boxed().toList();
        SampledVideo v = new SampledVideo(thumbnails, ts, durationS);
        long t0 = System.nanoTime();
        DpSelect.Result dp = new DpSelectSelector(1.0, DpSelect.Variant.PATCH).run(features);
        Map<String, Long> t = new LinkedHashMap<>(timings);
        t.put("keyframes", (System.nanoTime() - t0) / 1_000_000);
        return new CompressedQa.Encoded(v, features, dp, t);
    }

    /** The timings of computing this memory, in pipeline order. */
    public Map<String, Long> orderedTimings() {
        Map<String, Long> t = new LinkedHashMap<>();
        for (String k : List.of("decode", "preprocess", "vision")) {
            if (timingsMs.containsKey(k)) {
                t.put(k, timingsMs.get(k));
            }
        }
        timingsMs.forEach(t::putIfAbsent);
        return t;
    }
}
