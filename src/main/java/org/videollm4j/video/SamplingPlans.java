package org.videollm4j.video;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Sampling plans: pure functions from a {@link VideoProbe} to target times. */
public final class SamplingPlans {
    private SamplingPlans() {
    }

    /**
     * One frame every 1/fps seconds from 0 while before the last frame's start: t_k = k / fps.
     * When that gives more than maxFrames, falls back to {@link #uniform} with maxFrames (spread over the
     * whole video rather than cutting it short).
     */
    public static SamplingPlan byFps(VideoProbe probe, double fps, int maxFrames) {
        checkRate(fps);
        checkCount(maxFrames, "maxFrames");
        double last = probe.lastFrameS();
        // count of k with k/fps <= last; the 1e-9 absorbs float error at exact multiples
        long n = (long) Math.floor(last * fps + 1e-9) + 1;
        if (n > maxFrames) {
            SamplingPlan u = uniform(probe, maxFrames);
            return new SamplingPlan("fps=" + fps + ",capped:" + u.name(), u.timesS(), false);
        }
        List<Double> times = new ArrayList<>((int) n);
        for (long k = 0; k < n; k++) {
            times.add(k / fps);
        }
        return new SamplingPlan("fps=" + fps, times, false);
    }

    /**
     * n times spread evenly from the first frame to the last frame's start, both included
     * (t_i = i * last / (n - 1); a single frame is the first).
     */
    public static SamplingPlan uniform(VideoProbe probe, int n) {
        checkCount(n, "count");
        double last = probe.lastFrameS();
        List<Double> times = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            times.add(n == 1 ? 0.0 : i * last / (n - 1));
        }
        return new SamplingPlan("count=" + n, times, false);
    }

    /**
     * The midpoints of n equal segments of the duration (LongVLM's segment sampling):
     * t_i = (i + 1/2) * duration / n.
     */
    public static SamplingPlan midpoints(VideoProbe probe, int n) {
        checkCount(n, "count");
        double d = probe.durationS();
        List<Double> times = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            times.add((i + 0.5) * d / n);
        }
        return new SamplingPlan("midpoints=" + n, times, false);
    }

    /** Every frame of the video, each at its own presentation time. */
    public static SamplingPlan allFrames() {
        return new SamplingPlan("all", List.of(), true);
    }

    /**
     * SmolVLM2's video sampling (transformers SmolVLMVideoProcessor.sample_frames; see
     * research/model-architectures.md A9): n = min(round_half_even(fps * duration), maxFrames), at least 1;
     * frame indices int(linspace(start, end, n)) over [0, total - 1], or, when
     * duration - 2 * skipSecs > maxFrames * fps, over [int(skipSecs * videoFps), int(total - skipSecs * videoFps)];
     * duplicates removed; time of index i = i / videoFps.
     */
    public static SamplingPlan smolVlm2(VideoProbe probe, double fps, int maxFrames, double skipSecs) {
        checkRate(fps);
        checkCount(maxFrames, "maxFrames");
        if (!(skipSecs >= 0)) {
            throw new IllegalArgumentException("skipSecs must be >= 0, got " + skipSecs);
        }
        double duration = probe.durationS();
        double videoFps = probe.fps();
        long total = probe.frames();
        long est = (long) Math.rint(fps * duration); // Math.rint rounds half to even, like Python's round
        long n = Math.max(1, Math.min(est, maxFrames));
        double start = 0;
        double end = total - 1;
        if (duration - 2 * skipSecs > maxFrames * fps) {
            start = (long) (skipSecs * videoFps);
            end = (long) (total - skipSecs * videoFps);
        }
        LinkedHashSet<Long> indices = new LinkedHashSet<>();
        double step = n == 1 ? 0 : (end - start) / (n - 1);
        for (long i = 0; i < n; i++) {
            // numpy.linspace: i * step + start, the last point set to end exactly
            double x = n > 1 && i == n - 1 ? end : i * step + start;
            indices.add((long) x);
        }
        List<Double> times = new ArrayList<>(indices.size());
        for (long idx : indices.stream().sorted().toList()) {
            times.add(idx / videoFps);
        }
        return new SamplingPlan("smolvlm2(fps=" + fps + ",max=" + maxFrames + ",skip=" + skipSecs + ")", times, false);
    }

    private static void checkRate(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps) || fps > 1000) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1000] frames per second, got " + fps);
        }
    }

    private static void checkCount(long n, String what) {
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException(what + " must be in [1, 1000000], got " + n);
        }
    }
}
