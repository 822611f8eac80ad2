package org.videollm4j.preprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.ModelFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessorConfigTest {
    static final String GOOD = """
            {"size": {"longest_edge": 64}, "max_image_size": {"longest_edge": 32}, "resample": 3,
             "video_sampling": {"fps": 2, "max_frames": 8, "video_size": {"longest_edge": 48}},
             "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "do_image_splitting": true}
            """;

    private static ModelFiles folder(Path dir, String pre, String proc) throws Exception {
        Files.writeString(dir.resolve("preprocessor_config.json"), pre);
        if (proc != null) {
            Files.writeString(dir.resolve("processor_config.json"), proc);
        }
        return ModelFiles.of(dir);
    }

    @Test
    void readsAllFields(@TempDir Path dir) throws Exception {
        ProcessorConfig c = ProcessorConfig.load(folder(dir, GOOD, "{\"image_seq_len\": 9}"));
        assertThat(c.longestEdge()).isEqualTo(64);
        assertThat(c.maxImageSize()).isEqualTo(32);
        assertThat(c.video()).isEqualTo(new ProcessorConfig.VideoSampling(2, 8, 48));
        assertThat(c.doImageSplitting()).isTrue();
        assertThat(c.imageSeqLen()).hasValue(9);
        assertThat(c.rescaleFactor()).isEqualTo(1 / 255.0);
    }

    @Test
    void imageSeqLenFallsBackToTheVisionGeometry(@TempDir Path dir) throws Exception {
        ProcessorConfig c = ProcessorConfig.load(folder(dir, GOOD, null));
        assertThat(c.imageSeqLen()).isEmpty();
        assertThat(c.imageSeqLen(512, 16, 4)).isEqualTo(64); // SmolVLM2-256M: (512/16)^2 / 4^2
        assertThat(c.imageSeqLen(384, 14, 3)).isEqualTo(81); // SmolVLM2-2.2B
    }

    @Test
    void unsupportedResampleIsAClearError(@TempDir Path dir) throws Exception {
        ModelFiles f = folder(dir, GOOD.replace("\"resample\": 3", "\"resample\": 0"), null);
        assertThatThrownBy(() -> ProcessorConfig.load(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve("preprocessor_config.json") + ": resample 0 is not supported");
    }

    @Test
    void wrongTypesNameTheKey(@TempDir Path dir) throws Exception {
        ModelFiles f = folder(dir, GOOD.replace("\"longest_edge\": 64", "\"longest_edge\": \"big\""), null);
        assertThatThrownBy(() -> ProcessorConfig.load(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("\"size.longest_edge\" must be an integer, got \"big\"");
        Path dir2 = Files.createDirectory(dir.resolve("b"));
        ModelFiles g = folder(dir2, GOOD.replace("\"image_std\": [0.5, 0.5, 0.5]", "\"image_std\": [0.5, 0]"), null);
        assertThatThrownBy(() -> ProcessorConfig.load(g))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("\"image_std\" must be a list of 3 numbers, got [0.5,0]");
    }

    @Test
    void missingKeysAndFilesAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ProcessorConfig.load(ModelFiles.of(dir)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(dir.resolve("preprocessor_config.json") + ": missing from the model folder (needed for image preprocessing)");
        ModelFiles f = folder(dir, "{\"size\": {\"longest_edge\": 64}}", null);
        assertThatThrownBy(() -> ProcessorConfig.load(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("\"max_image_size.longest_edge\" is missing");
        assertThatThrownBy(() -> ModelFiles.of(dir.resolve("nope")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("model folder not found");
    }

    @Test
    void malformedJsonGivesLineAndColumn(@TempDir Path dir) throws Exception {
        ModelFiles f = folder(dir, "{\n  \"size\": {\"longest_edge\": 64,,\n}", null);
        assertThatThrownBy(() -> ProcessorConfig.load(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve("preprocessor_config.json") + ": malformed JSON")
                .hasMessageContaining("line 2");
    }

    @Test
    void processorNeedsConfigJsonOnlyWithoutImageSeqLen(@TempDir Path dir) throws Exception {
        folder(dir, GOOD, null);
        Files.writeString(dir.resolve("chat_template.json"), "{\"chat_template\": \"x\"}");
        assertThatThrownBy(() -> SmolVlmProcessor.load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("config.json: missing from the model folder (needed for image_seq_len");
        Files.writeString(dir.resolve("config.json"),
                "{\"scale_factor\": 2, \"vision_config\": {\"image_size\": 32, \"patch_size\": 8}}");
        assertThat(SmolVlmProcessor.load(dir).promptBuilder().imageSeqLen()).isEqualTo(4);
    }

    @Test
    void missingImageFileIsBadInput(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ImageLoader.read(dir.resolve("x.png")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("image file not found");
        Files.writeString(dir.resolve("bad.png"), "not a png");
        assertThatThrownBy(() -> ImageLoader.read(dir.resolve("bad.png")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad.png");
    }
}
