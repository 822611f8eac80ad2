package org.videollm4j.model.smolvlm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames are independent: encoding many frames in batches equals encoding each alone. */
class VisionBatchTest {
    @Test
    void batchedFramesEqualSingleFrames() {
        try (SmolVlmModel m = SmolVlmModel.load(Path.of("testdata/models/tiny-mha-f32"))) {
            SiglipVisionConfig v = m.config().vision();
            int frameFloats = v.numChannels() * v.imageSize() * v.imageSize();
            int frames = SmolVlmModel.FRAME_BATCH + 3; // crosses a batch boundary
            Random r = new Random(11);
            float[] pixels = new float[frames * frameFloats]; // (frames, 3, S, S)
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextFloat() * 2 - 1;
            }
            float[] all = m.encodeImages(pixels, frames); // (frames, tokens, H)
            int per = m.tokensPerImage() * m.config().text().hiddenSize();
            for (int f = 0; f < frames; f++) {
                float[] one = m.encodeImages(Arrays.copyOfRange(pixels, f * frameFloats, (f + 1) * frameFloats), 1);
                float[] slice = Arrays.copyOfRange(all, f * per, (f + 1) * per);
                assertThat(Goldens.relError(slice, one)).as("frame " + f).isLessThanOrEqualTo(1e-6);
            }
            assertThatThrownBy(() -> m.encodeImages(new float[frameFloats - 1], 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
