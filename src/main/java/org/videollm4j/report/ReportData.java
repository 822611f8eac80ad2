package org.videollm4j.report;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.image.RgbImage;
import org.videollm4j.pipeline.CompressionTrace;

import java.util.List;

/**
 * What an {@code ask --report} page shows.
 *
 * @param video       the video's name
 * @param model       the model's name
 * @param question    the question
 * @param answer      the answer
 * @param durationS   the video's duration
 * @param thumbnails  (sampled frames) one small image per sampled frame
 * @param selection   the frame selection of the answer (per-frame scores; QC-Comp relevance), or null
 * @param trace       the compression trace of the answer
 * @param cacheHit    whether the video memory came from the cache
 * @param memoryTimingsMs what computing the video memory took when it was made (decode, preprocess, vision):
 *                    on a cache hit, the work this answer did not repeat
 */
public record ReportData(String video, String model, String question, String answer, double durationS,
                         List<RgbImage> thumbnails, FrameSelection selection, CompressionTrace trace,
                         boolean cacheHit, java.util.Map<String, Long> memoryTimingsMs, String description) {
    public ReportData(String video, String model, String question, String answer, double durationS,
                      List<RgbImage> thumbnails, FrameSelection selection, CompressionTrace trace,
                      boolean cacheHit, java.util.Map<String, Long> memoryTimingsMs) {
        this(video, model, question, answer, durationS, thumbnails, selection, trace, cacheHit, memoryTimingsMs, null);
    }

    public ReportData {
        if (thumbnails.size() != trace.sampledTimesS().size()) {
            throw new IllegalArgumentException(thumbnails.size() + " thumbnails for "
                    + trace.sampledTimesS().size() + " sampled frames");
        }
    }

    /** Whether the selection's scores are QC-Comp relevance (method xcomp). */
    public boolean relevanceScores() {
        return trace.method().startsWith("xcomp");
    }

    /** Whether the selection scored frames: finite scores that are not all equal. */
    public boolean hasScores() {
        if (selection == null) {
            return false;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double s : selection.scores()) {
            if (Double.isFinite(s)) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        return hi > lo;
    }
}
