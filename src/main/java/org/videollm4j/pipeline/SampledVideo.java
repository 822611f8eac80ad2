package org.videollm4j.pipeline;

import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.StepProgress;
import org.videollm4j.video.DecodedFrame;
import org.videollm4j.video.FrameStream;
import org.videollm4j.video.Prober;
import org.videollm4j.video.SamplingPlan;
import org.videollm4j.video.SamplingPlans;
import org.videollm4j.video.VideoProbe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The frames of a video that the model sees, with the times the prompt prints for them. Both {@code ask} and
 * the training data's decoded samples come through here, so training sees what inference sees.
 *
 * @param frames      native-size RGB frames, in time order
 * @param timestamps  seconds of each frame (presentation time, rounded to the millisecond so that 3.9999 s
 *                    prints as 00:04 like the frame's nominal time)
 * @param durationS   the video's duration, for the prompt's "from a H:MM:SS video"
 */
public record SampledVideo(List<RgbImage> frames, List<Double> timestamps, double durationS) {

    public SampledVideo {
        frames = List.copyOf(frames);
        timestamps = List.copyOf(timestamps);
    }

    /** How frames are chosen: every 1/fps seconds (capped at maxFrames), or exactly {@code count} evenly. */
    public record Sampling(double fps, int count, int maxFrames) {
        public Sampling {
            if (count < 0 || (count == 0 && !(fps > 0 && fps <= 240)) || maxFrames < 1) {
                throw new BadInputException("sampling: need --fps in (0, 240] or --frames >= 1, got fps " + fps
                        + ", frames " + count);
            }
        }

        public static Sampling byFps(double fps, int maxFrames) {
            return new Sampling(fps, 0, maxFrames);
        }

        public static Sampling count(int n) {
            return new Sampling(0, n, Math.max(1, n));
        }

        SamplingPlan plan(VideoProbe probe) {
            return count > 0 ? SamplingPlans.uniform(probe, count) : SamplingPlans.byFps(probe, fps, maxFrames);
        }
    }

    /** Decodes the planned frames of {@code video} at native size. */
    public static SampledVideo read(Path video, Sampling sampling) {
        return read(video, sampling, UnaryOperator.identity(), StepProgress.NONE);
    }

    /**
     * Decodes the planned frames of {@code video}, handing each native-size frame to {@code onFrame} as soon as it
     * is decoded and keeping what that returns (e.g. a thumbnail), so that a long video need not hold every
     * full-size frame at once (an hour at 1 fps of 720p video is ~10 GB of RGB); reports a "decoding" stage with
     * one step per planned frame.
     */
    public static SampledVideo read(Path video, Sampling sampling, UnaryOperator<RgbImage> onFrame,
                                    StepProgress progress) {
        VideoProbe probe = Prober.probe(video);
        if (probe.frames() < 1) {
            throw BadInputException.file(video, "holds no video frames");
        }
        SamplingPlan plan = sampling.plan(probe);
        progress.stage("decoding " + video.getFileName(), plan.size());
        List<RgbImage> frames = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        try (FrameStream s = FrameStream.open(video, probe, plan, Optional.empty())) {
            for (DecodedFrame f : s) {
                frames.add(onFrame.apply(f.image()));
                times.add(Math.max(0, Math.round(f.ptsS() * 1000) / 1000.0));
                progress.step(1);
            }
        }
        if (frames.isEmpty()) {
            throw BadInputException.file(video, "no frame could be decoded");
        }
        return new SampledVideo(frames, times, probe.durationS());
    }
}
