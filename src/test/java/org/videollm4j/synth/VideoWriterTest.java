package org.videollm4j.synth;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoWriterTest {

    @Test
    void encodedVideoDecodesToTheWorldsFramesAndShowsTheCard(@TempDir Path dir) throws Exception {
        SynthOptions o = SynthOptions.ofSeconds(12).withFps(5).withSize(64, 48).withNeedleDepth(0.5);
        Path out = dir.resolve("w");
        SynthOutput.Result r = SynthOutput.write(o, 9, EnumSet.allOf(QuestionKind.class), null, out, 4,
                VideoWriter.DEFAULT_CRF, Duration.ofMinutes(5));
        CardEvent needle = r.scenario().needle();
        int cardFrame = (int) Math.ceil(needle.startMs() * o.fps() / 1000.0) + 1; // a frame well inside the card
        int panel = needle.inverted() ? 0 : 255;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.resolve(SynthOutput.VIDEO).toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            assertThat(g.getImageWidth()).isEqualTo(64);
            assertThat(g.getImageHeight()).isEqualTo(48);
            assertThat(g.getLengthInTime() / 1e6).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.25));
            int n = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                double corner = meanPanelCorner(f);
                boolean onCard = r.scenario().cardsAt(n / o.fps()).contains(needle);
                if (n == cardFrame) {
                    assertThat(onCard).isTrue();
                    assertThat(corner).as("frame %d during the card", n).isCloseTo(panel, org.assertj.core.data.Offset.offset(12.0));
                } else if (r.scenario().cardsAt(n / o.fps()).isEmpty()) {
                    assertThat(Math.abs(corner - panel)).as("frame %d without a card", n).isGreaterThan(40);
                }
                n++;
            }
            assertThat(n).isEqualTo(o.frameCount()).isEqualTo(60);
        }
    }

    private static double luma(byte[] rgb, int i) {
        return 0.299 * (rgb[3 * i] & 0xFF) + 0.587 * (rgb[3 * i + 1] & 0xFF) + 0.114 * (rgb[3 * i + 2] & 0xFF);
    }

    private static double correlation(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Mean grey level of a small patch inside the card panel's top-left corner (outside the glyph). */
    private static double meanPanelCorner(Frame f) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        int x0 = (int) Math.ceil(FrameRenderer.CARD_MARGIN * f.imageWidth) + 1;
        int y0 = (int) Math.ceil(FrameRenderer.CARD_MARGIN * f.imageHeight) + 1;
        double sum = 0;
        int count = 0;
        for (int y = y0; y < y0 + 3; y++) {
            for (int x = x0; x < x0 + 3; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += b.get(y * f.imageStride + x * 3 + c) & 0xFF;
                    count++;
                }
            }
        }
        return sum / count;
    }

    @Test
    void timeLimitLeavesNothingBehind(@TempDir Path dir) {
        Path target = dir.resolve("v.mp4");
        SynthOptions o = SynthOptions.ofSeconds(10);
        FrameRenderer renderer = new FrameRenderer(Scenario.generate(o, 1));
        assertThatThrownBy(() -> VideoWriter.write(target, 128, 128, 4, 40, i -> renderer.render(i / 4.0, 128, 128),
                18, Duration.ZERO)).isInstanceOf(IOException.class).hasMessageContaining("time limit");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void backgroundVideoFramesAppearInVideoScenes(@TempDir Path dir) {
        Path video = Path.of("../shared/media/wannaworktogether.mp4");
        assertThat(video).as("shared test media").exists();
        SynthOptions o = SynthOptions.ofSeconds(30).withVideoBackgroundShare(1);
        Scenario s = Scenario.generate(o, 3);
        try (VideoBackgroundSource src = new VideoBackgroundSource(video)) {
            FrameRenderer r = new FrameRenderer(s, src);
            Scene sc = s.scenes().getFirst();
            assertThat(sc.background()).isEqualTo(BackgroundKind.VIDEO);
            double t = sc.startSeconds();
            while (!s.captionAt(t).text().equals("nothing")) { // a moment with only the background
                t += 0.25;
            }
            assertThat(sc.contains(t)).isTrue();
            var a = r.render(t, 64, 64);
            var b = new FrameRenderer(s, src).render(t, 64, 64);
            assertThat(a.pixels()).isEqualTo(b.pixels()); // the same frame is taken again
            // the background follows the source frame (high correlation of brightness) but is nearly grey
            var src2 = src.frame(sc.sourceFraction(), 64, 64);
            double[] x = new double[64 * 64];
            double[] y = new double[64 * 64];
            for (int i = 0; i < x.length; i++) {
                x[i] = luma(src2.pixels(), i);
                y[i] = luma(a.pixels(), i);
                int max = Math.max(a.pixels()[3 * i] & 0xFF, Math.max(a.pixels()[3 * i + 1] & 0xFF, a.pixels()[3 * i + 2] & 0xFF));
                int min = Math.min(a.pixels()[3 * i] & 0xFF, Math.min(a.pixels()[3 * i + 1] & 0xFF, a.pixels()[3 * i + 2] & 0xFF));
                assertThat(max - min).as("saturation of pixel %d", i).isLessThan(40);
            }
            assertThat(correlation(x, y)).isGreaterThan(0.95);
        }
        assertThatThrownBy(() -> new VideoBackgroundSource(dir.resolve("missing.mp4")))
                .isInstanceOf(org.videollm4j.util.BadInputException.class).hasMessageContaining("missing.mp4");
    }
}
