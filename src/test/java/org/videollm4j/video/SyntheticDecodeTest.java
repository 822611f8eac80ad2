package org.videollm4j.video;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Decoding checked against videos whose every frame shows its own number (see {@link TestVideos}). */
class SyntheticDecodeTest {
    static final int FRAMES = 150, FPS = 30, GOP = 30, CUT = 100;

    @TempDir
    static Path dir;
    static Path h264, mpeg4;

    @BeforeAll
    static void generate() throws Exception {
        h264 = TestVideos.numbered(dir, "h264", TestVideos.Spec.H264_MP4, FRAMES, FPS, GOP, CUT);
        mpeg4 = TestVideos.numbered(dir, "mpeg4", TestVideos.Spec.MPEG4_BFRAMES_MKV, FRAMES, FPS, GOP, CUT);
    }

    static List<DecodedFrame> decode(Path file, SamplingPlan plan, FrameStream.Mode mode, Optional<Size> size) {
        VideoProbe probe = Prober.probe(file);
        List<DecodedFrame> out = new ArrayList<>();
        try (FrameStream s = FrameStream.open(file, probe, plan,
                new FrameStream.Options(size, mode, Prober.DEFAULT_STALL_S, 2.0))) {
            s.forEach(out::add);
        }
        return out;
    }

    @Test
    void probeCountsTheGeneratedFrames() {
        for (Path p : List.of(h264, mpeg4)) {
            VideoProbe probe = Prober.probe(p);
            assertThat(probe.frames()).as(p.toString()).isEqualTo(FRAMES);
            assertThat(probe.framesExact()).isTrue();
            assertThat(probe.fps()).isCloseTo(FPS, within(1e-6));
            assertThat(probe.durationS()).isCloseTo(FRAMES / (double) FPS, within(1e-3));
            assertThat(probe.width()).isEqualTo(TestVideos.W);
            assertThat(probe.height()).isEqualTo(TestVideos.H);
        }
    }

    /** The MPEG-4 file must really hold B-frames (decode order differs from display order) to test reordering. */
    @Test
    void theMpeg4VideoHasBFrames() {
        String types = new String(FfmpegOracle.run("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=pict_type", "-of", "csv=p=0", mpeg4.toString()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(types).contains("B");
    }

    @Test
    void everyFramePlanReturnsEachFrameOnceInOrderAtItsTime() {
        for (Path p : List.of(h264, mpeg4)) {
            List<DecodedFrame> frames = decode(p, SamplingPlans.allFrames(), FrameStream.Mode.AUTO, Optional.empty());
            assertThat(frames).as(p.toString()).hasSize(FRAMES);
            for (int n = 0; n < FRAMES; n++) {
                DecodedFrame f = frames.get(n);
                assertThat(f.index()).isEqualTo(n);
                assertThat(TestVideos.readNumber(f.image())).as("%s frame %d", p, n).isEqualTo(n);
                assertThat(f.ptsS()).isCloseTo(n / (double) FPS, within(1e-3));
            }
        }
    }

    /** For random times t, every mode returns the frame shown at t: number floor(t * fps), pts n / fps. */
    @Test
    void eachModeReturnsTheFrameShownAtEachTime() {
        Random rnd = new Random(20261122);
        for (Path p : List.of(h264, mpeg4)) {
            for (int trial = 0; trial < 4; trial++) {
                List<Double> times = new ArrayList<>();
                int count = 1 + rnd.nextInt(12);
                for (int i = 0; i < count; i++) {
                    // half exactly on a frame's time, half between frames
                    int k = rnd.nextInt(FRAMES);
                    times.add(rnd.nextBoolean() ? k / (double) FPS : (k + rnd.nextDouble() * 0.98 + 0.01) / FPS);
                }
                times.sort(null);
                SamplingPlan plan = new SamplingPlan("random", times, false);
                for (FrameStream.Mode mode : FrameStream.Mode.values()) {
                    List<DecodedFrame> frames = decode(p, plan, mode, Optional.empty());
                    assertThat(frames).as("%s %s %s", p, mode, times).hasSize(times.size());
                    for (int i = 0; i < times.size(); i++) {
                        double t = times.get(i);
                        int expected = (int) Math.floor(t * FPS + 1e-6);
                        DecodedFrame f = frames.get(i);
                        assertThat(f.requestedS()).isEqualTo(t);
                        assertThat(TestVideos.readNumber(f.image())).as("%s %s t=%s", p, mode, t).isEqualTo(expected);
                        assertThat(f.ptsS()).as("%s %s t=%s", p, mode, t).isCloseTo(expected / (double) FPS, within(1e-3));
                    }
                }
            }
        }
    }

    @Test
    void sparsePlansSeekAndDensePlansDecodeOn() {
        VideoProbe probe = Prober.probe(h264);
        try (FrameStream s = FrameStream.open(h264, probe, new SamplingPlan("sparse", List.of(0.0, 4.5), false),
                Optional.empty())) {
            s.next();
            long before = s.framesDecoded();
            DecodedFrame f = s.next();
            assertThat(TestVideos.readNumber(f.image())).isEqualTo(135);
            assertThat(s.seeks()).isEqualTo(1);
            // from the keyframe at frame 120, not from frame 1
            assertThat(s.framesDecoded() - before).isLessThanOrEqualTo(GOP + 2);
        }
        try (FrameStream s = FrameStream.open(h264, probe, SamplingPlans.byFps(probe, 10, 1000), Optional.empty())) {
            int n = 0;
            for (DecodedFrame f : s) {
                assertThat(TestVideos.readNumber(f.image())).isEqualTo(3 * n++);
            }
            assertThat(n).isEqualTo(50);
            assertThat(s.seeks()).isZero();
        }
    }

    @Test
    void midpointsPlanTakesTheMiddleOfEachSegment() {
        VideoProbe probe = Prober.probe(mpeg4);
        List<DecodedFrame> frames = decode(mpeg4, SamplingPlans.midpoints(probe, 5), FrameStream.Mode.AUTO, Optional.empty());
        // segments of 1 s: midpoints 0.5, 1.5, ... s are frames 15, 45, 75, 105, 135
        assertThat(frames.stream().map(f -> TestVideos.readNumber(f.image())).toList())
                .containsExactly(15, 45, 75, 105, 135);
    }

    @Test
    void theHardCutIsBetweenTheRightFrames() {
        List<DecodedFrame> frames = decode(h264, new SamplingPlan("cut", List.of((CUT - 1) / (double) FPS,
                CUT / (double) FPS), false), FrameStream.Mode.AUTO, Optional.empty());
        assertThat(TestVideos.background(frames.get(0).image())).isCloseTo(TestVideos.DARK, within(8.0));
        assertThat(TestVideos.background(frames.get(1).image())).isCloseTo(TestVideos.BRIGHT, within(8.0));
    }

    @Test
    void framesComeOutAtTheRequestedSize() {
        List<DecodedFrame> frames = decode(h264, new SamplingPlan("one", List.of(2.0), false),
                FrameStream.Mode.AUTO, Optional.of(new Size(160, 120)));
        assertThat(frames.get(0).image().width()).isEqualTo(160);
        assertThat(frames.get(0).image().height()).isEqualTo(120);
        assertThat(TestVideos.readNumber(frames.get(0).image())).isEqualTo(60);
    }

    @Test
    void timesPastTheEndAreSkippedAndCounted() {
        VideoProbe probe = Prober.probe(h264);
        try (FrameStream s = FrameStream.open(h264, probe,
                new SamplingPlan("late", List.of(4.99, 4.9999, 5.01, 60.0), false), Optional.empty())) {
            List<DecodedFrame> frames = new ArrayList<>();
            s.forEach(frames::add);
            // 4.99 and 4.9999 lie in the last frame's display period [149/30, 5.0); 5.01 and 60 s are past the end
            assertThat(frames).hasSize(2);
            assertThat(TestVideos.readNumber(frames.get(1).image())).isEqualTo(FRAMES - 1);
            assertThat(s.skippedTargets()).isEqualTo(2);
        }
    }
}
