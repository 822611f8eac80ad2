package org.videollm4j.compress.select;

import java.util.ArrayList;
import java.util.List;

/**
 * QC-Comp's scoring plan (XComp), pure: the sampled frames cut into clips of C frames, clips grouped into
 * segments of S consecutive clips starting every P clips. Follows ZheyuAqaZhang/XComp
 * lmms-eval_videochat/benchmark_data/model/VideoChat-Flash-Qwen2_5-2B_res448_ver7/modeling_qwen2_flash.py,
 * get_clip_scores ("segments_S_P"): segments start at p = 0, P, 2P, ... while p + S fits in the clips
 * (a segment never runs past the end); a clip covered by fewer segments than the best-covered clip is an
 * EDGE clip, which the reference scores 1e9 so it is always kept. Our additions: the last clip may be
 * shorter than C (the reference has frame counts divisible by 8); when fewer than S clips exist one
 * segment holds them all (the reference would divide by zero there).
 *
 * @param clips    (firstFrame, endFrame) per clip, in time order
 * @param segments (firstClip, endClip) per segment, in time order
 * @param coverage (clips) number of segments holding each clip
 * @param edge     (clips) clips covered less than the maximum
 */
public record QcCompPlan(int frames, Config config, List<Range> clips, List<Range> segments, int[] coverage,
                         boolean[] edge) {
    /** A half-open range [first, end). */
    public record Range(int first, int end) {
        public int size() {
            return end - first;
        }
    }

    /**
     * @param clipFrames    C (XComp: 8, one UMT clip)
     * @param segmentClips  S (XComp: 8)
     * @param strideClips   P (XComp: 4)
     */
    public record Config(int clipFrames, int segmentClips, int strideClips) {
        public Config {
            if (clipFrames <= 0 || segmentClips <= 0 || strideClips <= 0) {
                throw new IllegalArgumentException("QC-Comp clip frames, segment clips and stride must be >= 1, got "
                        + clipFrames + ", " + segmentClips + ", " + strideClips);
            }
        }

        /**
         * Scaled to our short videos and 1-frame temporal steps: clips of 1 frame (XComp's 8-frame clip is
         * one encoder step; ours is one frame), segments of 8 clips, stride 4: the reference's 8/4 overlap.
         */
        public static Config defaults() {
            return new Config(1, 8, 4);
        }
    }

    public QcCompPlan {
        clips = List.copyOf(clips);
        segments = List.copyOf(segments);
    }

    public static QcCompPlan plan(int frames, Config cfg) {
        if (frames <= 0) {
            throw new IllegalArgumentException("QC-Comp needs at least one frame, got " + frames);
        }
        List<Range> clips = new ArrayList<>();
        for (int f = 0; f < frames; f += cfg.clipFrames()) {
            clips.add(new Range(f, Math.min(frames, f + cfg.clipFrames())));
        }
        int n = clips.size();
        List<Range> segments = new ArrayList<>();
        if (n < cfg.segmentClips()) {
            segments.add(new Range(0, n));
        } else {
            for (int p = 0; p + cfg.segmentClips() <= n; p += cfg.strideClips()) {
                segments.add(new Range(p, p + cfg.segmentClips()));
            }
        }
        int[] coverage = new int[n];
        for (Range s : segments) {
            for (int c = s.first(); c < s.end(); c++) {
                coverage[c]++;
            }
        }
        int max = 0;
        for (int c : coverage) {
            max = Math.max(max, c);
        }
        boolean[] edge = new boolean[n];
        for (int c = 0; c < n; c++) {
            edge[c] = coverage[c] < max;
        }
        return new QcCompPlan(frames, cfg, clips, segments, coverage, edge);
    }

    /** Index of the clip holding {@code frame}. */
    public int clipOf(int frame) {
        return frame / config.clipFrames();
    }
}
