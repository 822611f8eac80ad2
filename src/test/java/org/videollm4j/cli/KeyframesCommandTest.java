package org.videollm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.ExitCodes;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The `keyframes` CLI: a hard cut in a real video is a keyframe on the tiny model's features; bad input. */
class KeyframesCommandTest {
    static final String MODEL = "testdata/models/tiny-gqa-f32";
    static final int W = 96, H = 64, FRAMES = 80, FPS = 10, CUT = 40;

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        video = dir.resolve("cut.mkv");
        avutil.av_log_set_level(avutil.AV_LOG_QUIET); // as the decoder does: the recorder would print its stream layout
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(video.toFile(), W, H, 0)) {
            rec.setFormat("matroska");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(FPS);
            rec.setGopSize(FPS);
            rec.setVideoBitrate(2_000_000);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            Frame f = new Frame(W, H, Frame.DEPTH_UBYTE, 3);
            for (int n = 0; n < FRAMES; n++) {
                paint(f, n);
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
    }

    /** Before the cut: a dark horizontal gradient; after: a bright vertical one; a small square drifts. */
    static void paint(Frame f, int n) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int sx = 8 + n % 60, sy = 24;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int r, g, b;
                if (n < CUT) {
                    r = 20 + x / 2;
                    g = 30;
                    b = 90 - x / 3;
                } else {
                    r = 230 - y;
                    g = 200;
                    b = 120 + 2 * y;
                }
                if (x >= sx && x < sx + 8 && y >= sy && y < sy + 8) {
                    r = g = b = 255;
                }
                int o = y * f.imageStride + x * 3;
                buf.put(o, (byte) b).put(o + 1, (byte) g).put(o + 2, (byte) r);
            }
        }
    }

    @Test
    void theHardCutIsAKeyframeInBothVariants() throws Exception {
        for (String variant : new String[]{"frame", "patch"}) {
            org.videollm4j.testutil.CliRun r = VideoCliTest.run("keyframes", video.toString(), "--fps", "10", "--model", MODEL,
                    "--json", "--variant", variant);
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertThat(j.isArray()).isTrue();
            List<Integer> idx = new ArrayList<>();
            for (JsonNode e : j) {
                assertThat(e.get("index").isInt()).isTrue();
                assertThat(e.get("pts_s").isNumber()).isTrue();
                assertThat(e.get("score").isNumber()).isTrue();
                assertThat(e.get("keyframe").asBoolean()).isTrue();
                idx.add(e.get("index").asInt());
                assertThat(e.get("pts_s").asDouble()).isCloseTo(e.get("index").asInt() / 10.0,
                        org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(idx).as(variant).contains(CUT).isSorted();
            // with a budget of 2 frames: frame 0 (d = 1 by definition) and the cut
            org.videollm4j.testutil.CliRun two = VideoCliTest.run("keyframes", video.toString(), "--fps", "10", "--model", MODEL,
                    "--json", "--variant", variant, "--ratio", "0.025");
            assertThat(two.code()).as(two.err()).isZero();
            JsonNode k = new ObjectMapper().readTree(two.out());
            assertThat(k.size()).isEqualTo(2);
            assertThat(k.get(0).get("index").asInt()).isZero();
            assertThat(k.get(1).get("index").asInt()).as(variant).isEqualTo(CUT);
        }
    }

    @Test
    void tableOutputListsTheCut() {
        org.videollm4j.testutil.CliRun r = VideoCliTest.run("keyframes", video.toString(), "--fps", "10", "--model", MODEL,
                "--variant", "frame");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("of 80 sampled frames").containsPattern("\\n\\s+40\\s+4\\.000\\s");
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        org.videollm4j.testutil.CliRun missing = VideoCliTest.run("keyframes", dir.resolve("nope.mp4").toString(), "--model", MODEL);
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("nope.mp4").contains("not found").doesNotContain("Exception");
        for (String bad : new String[]{"0", "-0.5", "1.5", "NaN"}) {
            org.videollm4j.testutil.CliRun r = VideoCliTest.run("keyframes", video.toString(), "--model", MODEL, "--ratio", bad);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--ratio").contains("(0, 1]");
        }
        for (String bad : new String[]{"0", "-1"}) {
            org.videollm4j.testutil.CliRun r = VideoCliTest.run("keyframes", video.toString(), "--model", MODEL, "--fps", bad);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--fps");
        }
        org.videollm4j.testutil.CliRun variant = VideoCliTest.run("keyframes", video.toString(), "--model", MODEL, "--variant", "x");
        assertThat(variant.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(variant.err()).contains("--variant");
    }

    @Test
    void aMissingDemoModelIsNamed() {
        String old = System.getProperty("videollm4j.home");
        System.setProperty("videollm4j.home", dir.toString());
        try {
            org.videollm4j.testutil.CliRun r = VideoCliTest.run("keyframes", video.toString());
            assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("no --model given and the demo model models/demo is not present");
        } finally {
            if (old == null) {
                System.clearProperty("videollm4j.home");
            } else {
                System.setProperty("videollm4j.home", old);
            }
        }
    }
}
