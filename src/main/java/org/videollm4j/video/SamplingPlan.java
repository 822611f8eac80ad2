package org.videollm4j.video;

import java.util.List;

/**
 * Which frames to take from a video: target times in seconds from the video's start, ascending, or
 * every frame. Built by {@link SamplingPlans}; consumed by {@link FrameStream}.
 *
 * @param name       how the plan was made, for traces, e.g. "fps=1.0"
 * @param timesS     target times in seconds, ascending (empty when {@code everyFrame})
 * @param everyFrame true: decode and return every frame at its own time
 */
public record SamplingPlan(String name, List<Double> timesS, boolean everyFrame) {
    public SamplingPlan {
        timesS = List.copyOf(timesS);
        double prev = Double.NEGATIVE_INFINITY;
        for (double t : timesS) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("plan " + name + ": times must be finite and >= 0, got " + t);
            }
            if (t < prev) {
                throw new IllegalArgumentException("plan " + name + ": times must ascend, got " + prev + " then " + t);
            }
            prev = t;
        }
        if (everyFrame && !timesS.isEmpty()) {
            throw new IllegalArgumentException("plan " + name + ": an every-frame plan takes no times");
        }
    }

    /** Number of frames the plan asks for; -1 for an every-frame plan (as many as the video has). */
    public int size() {
        return everyFrame ? -1 : timesS.size();
    }
}
