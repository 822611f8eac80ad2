package org.videollm4j.video;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.BadInputException;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Bad input either decodes what can be decoded or fails with one message naming the file and the reason. */
class BadVideoInputTest {
    @TempDir
    static Path dir;
    static Path ts, mp4;

    @BeforeAll
    static void generate() throws Exception {
        ts = TestVideos.numbered(dir, "numbers", TestVideos.Spec.MPEG4_TS, 150, 30, 15, 1000);
        mp4 = TestVideos.numbered(dir, "numbers", TestVideos.Spec.H264_MP4, 30, 30, 15, 1000);
    }

    static void assertRejected(Path file, String reason) {
        assertThatThrownBy(() -> Prober.probe(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(reason);
        SamplingPlan plan = new SamplingPlan("one", List.of(0.0), false);
        VideoProbe fake = new VideoProbe(file, 1, 30, 30, false, -1, 16, 16, 0, "x", "x");
        assertThatThrownBy(() -> FrameStream.open(file, fake, plan, Optional.empty()).close())
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(reason);
    }

    @Test
    void notAVideo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        assertRejected(text, "not a video");
        Path png = dir.resolve("picture.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        assertRejected(png, "still image");
        assertRejected(Files.createFile(dir.resolve("empty.mp4")), "empty file");
        assertRejected(dir.resolve("missing.mp4"), "no such file");
        assertRejected(Files.createDirectory(dir.resolve("folder.mp4")), "not a regular file");
    }

    @Test
    void unreadableFile() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file; cannot test permissions");
        Path f = Files.copy(mp4, dir.resolve("locked.mp4"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertRejected(f, "not readable");
    }

    @Test
    void audioOnlyHasNoVideoStream() throws Exception {
        AudioFormat fmt = new AudioFormat(8000, 16, 1, true, false);
        byte[] samples = new byte[16000];
        Path wav = dir.resolve("sound.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples), fmt, samples.length / 2),
                AudioFileFormat.Type.WAVE, wav.toFile());
        assertRejected(wav, "no video stream");
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAllocating() throws Exception {
        Path y4m = dir.resolve("huge.y4m");
        byte[] header = "YUV4MPEG2 W100000 H90000 F30:1 Ip A1:1 C420jpeg\nFRAME\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(y4m, Arrays.copyOf(header, header.length + 4096));
        assertThatThrownBy(() -> Prober.probe(y4m)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(y4m + ": ");
    }

    @Test
    void truncatedMp4WithoutItsIndexFailsClearly() throws Exception {
        byte[] all = Files.readAllBytes(mp4);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        assertRejected(cut, "damaged");
    }

    @Test
    void truncatedStreamDecodesItsFirstPart() throws Exception {
        byte[] all = Files.readAllBytes(ts);
        Path cut = Files.write(dir.resolve("cut.ts"), Arrays.copyOf(all, all.length / 2));
        VideoProbe probe = Prober.probe(cut);
        assertThat(probe.frames()).isBetween(40L, 110L);
        List<Integer> numbers = new ArrayList<>();
        try (FrameStream s = FrameStream.open(cut, probe, SamplingPlans.allFrames(), Optional.empty())) {
            s.forEach(f -> numbers.add(TestVideos.readNumber(f.image())));
        }
        assertThat(numbers).hasSizeBetween(40, 110);
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).isEqualTo(i);
        }
    }

    @Test
    void garbageInTheMiddleIsSkippedAndCounted() throws Exception {
        byte[] all = Files.readAllBytes(ts);
        Random rnd = new Random(3);
        for (int i = all.length / 3; i < all.length / 3 + 30_000; i++) {
            all[i] = (byte) rnd.nextInt(256);
        }
        Path bad = Files.write(dir.resolve("garbage.ts"), all);
        VideoProbe probe = Prober.probe(bad);
        int n = 0, damaged;
        double lastPts = -1;
        try (FrameStream s = FrameStream.open(bad, probe, SamplingPlans.allFrames(), Optional.empty())) {
            for (DecodedFrame f : s) {
                assertThat(f.ptsS()).isGreaterThan(lastPts);
                lastPts = f.ptsS();
                n++;
            }
            damaged = s.damagedPackets();
        }
        // frames after the damage come out again; the damage shows as lost frames or counted damaged packets
        assertThat(lastPts).isGreaterThan(4.5);
        assertThat(n < 150 || damaged > 0).as("frames %d, damaged %d", n, damaged).isTrue();
    }

    @Test
    void aStalledReadFailsInsteadOfHanging() {
        SamplingPlan plan = SamplingPlans.allFrames();
        VideoProbe probe = Prober.probe(ts);
        // a stall bound far below any real read: the interrupt callback must abort FFmpeg's blocking calls
        assertThatThrownBy(() -> {
            try (FrameStream s = FrameStream.open(ts, probe, plan,
                    new FrameStream.Options(Optional.empty(), FrameStream.Mode.AUTO, 1e-9, 2.0))) {
                s.forEach(f -> { });
            }
        }).isInstanceOf(BadInputException.class).hasMessageStartingWith(ts + ": ").hasMessageContaining("timed out");
    }
}
