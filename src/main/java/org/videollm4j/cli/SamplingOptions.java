package org.videollm4j.cli;

import org.videollm4j.pipeline.SampledVideo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How {@code ask}, {@code chat} and {@code eval} sample a video's frames (a picocli mixin): {@code --fps F}
 * (default 1) with at most {@code --max-frames N}, or exactly {@code --frames N} evenly spread.
 */
public final class SamplingOptions {
    @ArgGroup(exclusive = true)
    Rate rate = new Rate();

    @Option(names = "--max-frames", paramLabel = "N",
            description = "With --fps: at most N frames, spread evenly when the video is longer (default: 1024).")
    Integer maxFrames;

    /** --fps or --frames, not both. */
    static final class Rate {
        @Option(names = "--fps", paramLabel = "F", description = "Frames per second to sample (default: 1).")
        Double fps;
        @Option(names = "--frames", paramLabel = "N", description = "Sample exactly N frames, evenly spread.")
        Integer frames;
    }

    /** The sampling these flags select; a value out of range or --max-frames with --frames is a usage error. */
    public SampledVideo.Sampling toSampling() {
        if (rate.frames != null) {
            if (maxFrames != null) {
                throw new UsageException("--max-frames goes with --fps, not with --frames");
            }
            UsageException.requireAtLeast("--frames", 1, rate.frames);
            return SampledVideo.Sampling.count(rate.frames);
        }
        double f = rate.fps == null ? 1.0 : rate.fps;
        if (!(f > 0 && f <= 240)) {
            throw new UsageException("--fps must be in (0, 240], got " + f);
        }
        int max = maxFrames == null ? 1024 : maxFrames;
        UsageException.requireAtLeast("--max-frames", 1, max);
        return SampledVideo.Sampling.byFps(f, max);
    }
}
