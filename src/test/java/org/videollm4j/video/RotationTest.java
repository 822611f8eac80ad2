package org.videollm4j.video;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotated videos (display matrix) come out upright, exactly as the ffmpeg command line turns them. */
class RotationTest {
    @TempDir
    static Path dir;
    static Path plain;

    @BeforeAll
    static void generate() throws Exception {
        plain = TestVideos.numbered(dir, "plain", TestVideos.Spec.H264_MP4, 45, 30, 15, 1000);
    }

    @Test
    void framesAreTurnedLikeFfmpegTurnsThem() {
        for (int degrees : List.of(90, 180, 270)) {
            Path rotated = dir.resolve("rot" + degrees + ".mp4");
            // ffmpeg 5.1's mov muxer writes the display matrix from the stream's "rotate" tag
            FfmpegOracle.run("ffmpeg", "-v", "error", "-y", "-i", plain.toString(), "-c", "copy",
                    "-metadata:s:v:0", "rotate=" + degrees, rotated.toString());
            VideoProbe probe = Prober.probe(rotated);
            // ffprobe prints the display matrix's counter-clockwise angle; ffmpeg turns frames by its negation
            String ccw = new String(FfmpegOracle.run("ffprobe", "-v", "error", "-select_streams", "v:0",
                    "-show_entries", "stream_side_data=rotation", "-of", "csv=p=0", rotated.toString()),
                    java.nio.charset.StandardCharsets.UTF_8).strip();
            int expected = Math.floorMod(-(int) Math.round(Double.parseDouble(ccw)), 360);
            assertThat(expected).isNotZero();
            assertThat(probe.rotation()).isEqualTo(expected);
            assertThat(probe.width()).isEqualTo(TestVideos.W);
            int w = probe.displayWidth(), h = probe.displayHeight();
            assertThat(w).isEqualTo(expected == 180 ? TestVideos.W : TestVideos.H);
            try (FrameStream s = FrameStream.open(rotated, probe, new SamplingPlan("t1", List.of(1.0), false),
                    Optional.empty())) {
                DecodedFrame f = s.next();
                assertThat(f.image().width()).isEqualTo(w);
                assertThat(f.image().height()).isEqualTo(h);
                RealMediaTest.assertNearlyEqual(f.image(), FfmpegOracle.frameAt(rotated, 1.0), degrees + " degrees");
            }
            try (FrameStream s = FrameStream.open(rotated, probe, new SamplingPlan("t1", List.of(1.0), false),
                    Optional.of(new Size(w / 2, h / 2)))) {
                DecodedFrame f = s.next();
                assertThat(f.image().width()).isEqualTo(w / 2);
                assertThat(f.image().height()).isEqualTo(h / 2);
            }
        }
    }
}
