package org.videollm4j.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videollm4j.image.RgbImage;
import org.videollm4j.preprocess.PixelBatch.ImageGrid;
import org.videollm4j.testutil.GoldenTensors;
import org.videollm4j.util.ModelFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pixel values against the goldens of training/make_reference.py (torchvision "fast" processor). */
class SmolVlmImageProcessorTest {
    static final Path GOLDENS = Path.of("testdata/goldens/tiny-gqa-f32");

    @ParameterizedTest
    @ValueSource(strings = {"image", "two_images", "two_images_split", "video"})
    void pixelValuesMatchGolden(String name) throws Exception {
        JsonNode g = new ObjectMapper().readTree(GOLDENS.resolve(name + ".json").toFile());
        ProcessorConfig cfg = ProcessorConfig.load(ModelFiles.of(Path.of(g.get("model").textValue())))
                .withImageSplitting(g.get("do_image_splitting").booleanValue());
        List<RgbImage> images = new ArrayList<>();
        for (JsonNode p : g.get("images")) {
            images.add(ImageLoader.read(Path.of(p.textValue())));
        }
        SmolVlmImageProcessor proc = new SmolVlmImageProcessor(cfg);
        PixelBatch batch = g.has("video") ? proc.processFrames(images) : proc.processImages(images);

        GoldenTensors t = GoldenTensors.read(GOLDENS.resolve(name + ".safetensors"));
        int[] shape = t.shape("pixel_values");
        assertThat(new int[] {batch.count(), 3, batch.size(), batch.size()}).containsExactly(shape);
        float[] want = t.f32("pixel_values");
        // Bit-exact: same uint8 pictures, same float32 normalisation.
        assertThat(batch.pixelValues()).containsExactly(want);
        if (!g.has("video")) {
            List<ImageGrid> grids = new ArrayList<>();
            for (JsonNode s : g.get("image_splits")) {
                grids.add(new ImageGrid(s.get(0).intValue(), s.get(1).intValue()));
            }
            assertThat(batch.grids()).isEqualTo(grids);
        }
    }

    @Test
    void sizeRulesFollowTransformers() {
        // 640x480 -> 2048x1536 (longest edge 2048) -> 4 x 3 tiles of 512 (A8 example).
        int[] hw = SmolVlmImageProcessor.longestEdgeSize(480, 640, 2048);
        assertThat(hw).containsExactly(1536, 2048);
        assertThat(SmolVlmImageProcessor.visionEncoderSize(1536, 2048, 512)).containsExactly(1536, 2048);
        // Odd other edge is rounded up to even: 1000x333 -> 64 x int(64/3.003) = 21 -> 22.
        assertThat(SmolVlmImageProcessor.longestEdgeSize(333, 1000, 64)).containsExactly(22, 64);
        // Portrait.
        assertThat(SmolVlmImageProcessor.longestEdgeSize(48, 24, 64)).containsExactly(64, 32);
        // Clamp to 4096.
        assertThat(SmolVlmImageProcessor.longestEdgeSize(10, 10, 5000)).containsExactly(4096, 4096);
        // Not a multiple: 100x50 with m=32 -> w 128, h int(128/2)=64 -> 64.
        assertThat(SmolVlmImageProcessor.visionEncoderSize(50, 100, 32)).containsExactly(64, 128);
    }

    @Test
    void realSizedImageIsCutIntoTwelveTilesPlusGlobal() {
        ProcessorConfig cfg = new ProcessorConfig(2048, 512, new ProcessorConfig.VideoSampling(1, 64, 512), 1,
                true, true, 1 / 255.0, true, new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}, true,
                java.util.OptionalInt.of(64));
        RgbImage img = new RgbImage(64, 48, new byte[64 * 48 * 3]);
        PixelBatch b = new SmolVlmImageProcessor(cfg).processImages(List.of(img));
        assertThat(b.grids()).containsExactly(new ImageGrid(3, 4));
        assertThat(b.count()).isEqualTo(13);
        assertThat(b.pixelValues()[0]).isEqualTo(-1f);
    }
}
