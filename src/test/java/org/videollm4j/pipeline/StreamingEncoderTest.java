package org.videollm4j.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.image.RgbImage;
import org.videollm4j.util.StepProgress;
import org.videollm4j.memory.Thumbnails;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Encoding while decoding (what {@code ask} does for long videos) gives exactly the features of decoding every
 * frame first and encoding them at once, across batch boundaries, and keeps thumbnails instead of frames.
 */
class StreamingEncoderTest {
    static final Path MODEL = Path.of("testdata/models/tiny-gqa-f32");

    @Test
    void streamedFeaturesEqualWholeVideoFeaturesAndOnlyThumbnailsStay(@TempDir Path dir) throws Exception {
        // 320x192 frames: larger than a thumbnail, so keeping thumbnails is visible
        SynthOutput.write(SynthOptions.ofSeconds(5).withSize(320, 192).withFps(2), 31, EnumSet.allOf(QuestionKind.class),
                null, dir.resolve("w"), 2, 23, Duration.ofMinutes(2));
        Path video = dir.resolve("w/video.mp4");
        SampledVideo.Sampling sampling = SampledVideo.Sampling.byFps(2, 100);
        try (CompressedQa qa = CompressedQa.load(MODEL)) {
            SampledVideo full = SampledVideo.read(video, sampling);
            CompressedQa.Encoded whole = qa.encode(full, s -> { });
            var ip = org.videollm4j.prompt.SmolVlmProcessor.load(MODEL).imageProcessor();
            for (int batch : new int[]{1, 3, 64}) { // 10 frames: batches of 1, 3 (uneven tail) and one partial batch
                StreamingEncoder enc = new StreamingEncoder(qa.model(), ip, batch);
                SampledVideo thumbs = SampledVideo.read(video, sampling, enc::accept, StepProgress.NONE);
                float[] streamed = enc.features();
                assertThat(enc.frames()).isEqualTo(full.frames().size()).isEqualTo(10);
                // Same operations per frame, but the two runs may execute different JIT tiers, and compiled code may
                // differ from the interpreter in the last bit (Math.exp/Math.tanh intrinsics are allowed to): seen
                // from the 3rd repetition in one JVM, max |diff| 1.1e-6. So compare to 1e-5 (features are O(1)).
                assertThat(streamed).as("batch " + batch).containsExactly(whole.features().tokens(), within(1e-5f));
                assertThat(thumbs.timestamps()).isEqualTo(full.timestamps());
                for (RgbImage t : thumbs.frames()) {
                    assertThat(Math.max(t.width(), t.height())).isEqualTo(Thumbnails.MAX_SIDE);
                }
            }
            CompressedQa.Encoded viaPath = qa.encode(video, sampling, s -> { });
            assertThat(viaPath.features().tokens()).containsExactly(whole.features().tokens(), within(1e-5f));
            assertThat(viaPath.features().timestampsS()).containsExactly(whole.features().timestampsS());
            assertThat(viaPath.video().frames().get(0).width()).isEqualTo(Thumbnails.MAX_SIDE);
            assertThat(viaPath.timingsMs()).containsKeys("decode", "preprocess", "vision", "keyframes");
        }
    }
}
