package org.videollm4j.video;

import org.junit.jupiter.api.Test;
import org.videollm4j.image.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding the real files of ../shared/media (SOURCES.md) against ffprobe/ffmpeg. */
class RealMediaTest {
    static final Path MEDIA = Path.of("../shared/media");

    static List<DecodedFrame> decode(Path file, SamplingPlan plan, FrameStream.Mode mode) {
        VideoProbe probe = Prober.probe(file);
        List<DecodedFrame> out = new ArrayList<>();
        try (FrameStream s = FrameStream.open(file, probe, plan,
                new FrameStream.Options(Optional.empty(), mode, Prober.DEFAULT_STALL_S, 2.0))) {
            s.forEach(out::add);
        }
        return out;
    }

    /**
     * Each sampled frame is one ffprobe also decodes (same time within 1 ms), shown at the requested time:
     * it starts at most half a millisecond after t and less than one frame period before it.
     */
    static void assertShownAtRequestedTimes(Path file, List<DecodedFrame> frames, List<Double> ffprobePts, double fps) {
        double period = 1 / fps;
        for (DecodedFrame f : frames) {
            assertThat(ffprobePts.stream().anyMatch(p -> Math.abs(p - f.ptsS()) < 1e-3))
                    .as("%s: pts %s is a frame time ffprobe reports", file, f.ptsS()).isTrue();
            assertThat(f.ptsS()).as("%s at %s", file, f.requestedS()).isLessThanOrEqualTo(f.requestedS() + 5e-4);
            assertThat(f.requestedS() - f.ptsS()).as("%s at %s", file, f.requestedS()).isLessThan(period + 1e-3);
        }
    }

    @Test
    void everyContainerProbesAndSamplesLikeFfprobe() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(MEDIA.resolve("containers"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(7);
        for (Path file : files) {
            List<Double> pts = FfmpegOracle.framePts(file);
            VideoProbe probe = Prober.probe(file);
            assertThat(probe.frames()).as(file.toString()).isEqualTo(pts.size());
            assertThat(probe.framesExact()).isTrue();
            SamplingPlan plan = SamplingPlans.byFps(probe, 1, 1000);
            List<DecodedFrame> frames = decode(file, plan, FrameStream.Mode.AUTO);
            assertThat(frames).as(file.toString()).hasSize(plan.timesS().size());
            assertShownAtRequestedTimes(file, frames, pts, probe.fps());
        }
    }

    @Test
    void longH264FileAtOneFps() {
        Path file = MEDIA.resolve("wannaworktogether.mp4");
        List<Double> pts = FfmpegOracle.framePts(file);
        VideoProbe probe = Prober.probe(file);
        assertThat(probe.frames()).isEqualTo(pts.size()).isEqualTo(5402);
        assertThat(probe.durationS()).isBetween(180.2, 180.3);
        assertThat(probe.codec()).isEqualTo("h264");
        List<DecodedFrame> frames = decode(file, SamplingPlans.byFps(probe, 1, 1000), FrameStream.Mode.AUTO);
        assertThat(frames).hasSize(181);
        assertShownAtRequestedTimes(file, frames, pts, probe.fps());
    }

    @Test
    void clockFramesMatchFfmpegPixelForPixel() {
        Path file = MEDIA.resolve("clock-60s-720p.mp4");
        for (FrameStream.Mode mode : List.of(FrameStream.Mode.SEQUENTIAL, FrameStream.Mode.SEEK)) {
            List<Double> times = mode == FrameStream.Mode.SEEK ? List.of(0.0, 10.0, 33.0, 47.5, 60.9) : List.of(0.0, 7.5);
            List<DecodedFrame> frames = decode(file, new SamplingPlan("clock", times, false), mode);
            assertThat(frames).hasSize(times.size());
            for (DecodedFrame f : frames) {
                // every t is a frame time at 30 fps, where "shown at t" and ffmpeg's first frame at or after t agree
                assertThat(f.ptsS()).isCloseTo(f.requestedS(), org.assertj.core.api.Assertions.within(1e-6));
                byte[] expected = FfmpegOracle.frameAt(file, f.requestedS());
                assertNearlyEqual(f.image(), expected, mode + " t=" + f.requestedS());
            }
        }
    }

    /** Same decoder library, possibly another swscale version: allow rounding noise, not a different frame. */
    static void assertNearlyEqual(RgbImage img, byte[] expected, String what) {
        assertThat(expected).as(what).hasSize(img.pixels().length);
        byte[] got = img.pixels();
        long sum = 0;
        int max = 0;
        for (int i = 0; i < got.length; i++) {
            int d = Math.abs((got[i] & 0xFF) - (expected[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        double mean = sum / (double) got.length;
        assertThat(mean).as("%s mean abs difference (max %d)", what, max).isLessThan(1.0);
        assertThat(max).as(what + " max difference").isLessThanOrEqualTo(12);
    }

    @Test
    void headerThatLiesAboutItsFrameCount() {
        Path file = MEDIA.resolve("tree-header-lies.avi");
        List<Double> pts = FfmpegOracle.framePts(file);
        VideoProbe probe = Prober.probe(file);
        assertThat(probe.headerFrames()).isEqualTo(444);
        assertThat(probe.frames()).isEqualTo(pts.size()).isEqualTo(68);
        assertThat(probe.framesExact()).isTrue();
        assertThat(Prober.probe(file, false).framesExact()).isFalse();
        List<DecodedFrame> all = decode(file, SamplingPlans.allFrames(), FrameStream.Mode.AUTO);
        assertThat(all).hasSize(68);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).ptsS()).isCloseTo(pts.get(i), org.assertj.core.api.Assertions.within(1e-3));
        }
        List<DecodedFrame> sampled = decode(file, SamplingPlans.byFps(probe, 1, 1000), FrameStream.Mode.AUTO);
        assertThat(sampled).hasSize(30);
        for (DecodedFrame f : sampled) {
            // frames are sparse here: the one shown is the last ffprobe frame at or before t (to 1 ms: the AVI
            // time base is 1/14.999925 s, so the frame "at 7 s" has the time 7.000035)
            double shown = pts.stream().filter(p -> p <= f.requestedS() + 1e-3).mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(f.ptsS()).isCloseTo(shown, org.assertj.core.api.Assertions.within(1e-3));
        }
    }

    /** The file OpenCV ships as "buggy": FFmpeg conceals its damage; every frame must come out at ffprobe's time. */
    @Test
    void damagedMegamindFileDecodesLikeFfprobe() {
        Path file = MEDIA.resolve("megamind-corrupt.avi");
        List<Double> pts = FfmpegOracle.framePts(file);
        VideoProbe probe = Prober.probe(file);
        assertThat(probe.frames()).isEqualTo(270);
        List<DecodedFrame> frames = decode(file, SamplingPlans.byFps(probe, 1, 1000), FrameStream.Mode.AUTO);
        assertThat(frames).hasSize(9);
        assertShownAtRequestedTimes(file, frames.subList(1, frames.size()), pts, probe.fps());
        // ffprobe gives the first frame no time; ours is the first frame ffprobe times, 1/30 s
        assertThat(frames.get(0).ptsS()).isLessThanOrEqualTo(pts.get(0) + 1e-3);
    }
}
