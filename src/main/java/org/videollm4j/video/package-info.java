/**
 * Video front end: probe a file, plan which frames to take, stream them out as RGB with their real
 * presentation times (FFmpeg through JavaCV's bindings).
 *
 * <pre>{@code
 * VideoProbe probe = Prober.probe(path);                       // counted frame count, duration, fps, size, ...
 * SamplingPlan plan = SamplingPlans.byFps(probe, 1.0, 64);     // or uniform, midpoints, smolVlm2, allFrames
 * try (FrameStream frames = FrameStream.open(path, probe, plan, Optional.empty())) {
 *     for (DecodedFrame f : frames) { ... f.ptsS() ... f.image() ... }
 * }
 * }</pre>
 *
 * Timestamps are seconds from the video stream's start. Errors in the user's file are
 * {@link org.videollm4j.util.BadInputException}s naming the file; FFmpeg's own logging is silenced.
 * The model path should ask for the native size and resize in org.videollm4j.preprocess
 * (torchvision-style bicubic with antialias); {@code --size} here uses swscale's bicubic.
 */
package org.videollm4j.video;
