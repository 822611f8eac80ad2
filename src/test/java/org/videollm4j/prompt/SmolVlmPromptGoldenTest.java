package org.videollm4j.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.videollm4j.image.RgbImage;
import org.videollm4j.preprocess.ImageLoader;
import org.videollm4j.preprocess.PixelBatch.ImageGrid;
import org.videollm4j.preprocess.ProcessorConfig;
import org.videollm4j.testutil.GoldenTensors;
import org.videollm4j.util.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Prompt strings (and pixels, end to end) against every golden case of training/make_reference.py. */
class SmolVlmPromptGoldenTest {

    static List<Path> goldenJsons() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("testdata/goldens"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyGoldenPromptTextIsReproduced() throws Exception {
        List<Path> cases = goldenJsons();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
        boolean sawVideo = false;
        boolean sawSplit = false;
        for (Path json : cases) {
            JsonNode g = new ObjectMapper().readTree(json.toFile());
            ModelFiles files = ModelFiles.of(Path.of(g.get("model").textValue()));
            ProcessorConfig pc = ProcessorConfig.load(files).withImageSplitting(g.get("do_image_splitting").booleanValue());
            SmolVlmProcessor proc = SmolVlmProcessor.load(files, pc);
            List<ChatMessage> msgs = TemplateJson.messages(g.get("messages"));
            String got;
            if (g.has("video")) {
                List<Double> ts = new ArrayList<>();
                g.get("video").get("timestamps").forEach(t -> ts.add(t.doubleValue()));
                got = proc.promptBuilder().buildVideo(msgs,
                        new SmolVlmPrompt.VideoLayout(ts, g.get("video").get("duration").doubleValue()), true);
                sawVideo = true;
            } else {
                List<ImageGrid> grids = new ArrayList<>();
                for (JsonNode s : g.get("image_splits")) {
                    grids.add(new ImageGrid(s.get(0).intValue(), s.get(1).intValue()));
                    sawSplit |= s.get(0).intValue() > 0;
                }
                got = proc.promptBuilder().build(msgs, grids, true);
            }
            assertThat(got).as(json.toString()).isEqualTo(g.get("prompt_text").textValue());
        }
        assertThat(sawVideo).isTrue();
        assertThat(sawSplit).isTrue();
    }

    @Test
    void endToEndFromFilesMatchesGolden() throws Exception {
        Path json = Path.of("testdata/goldens/tiny-gqa-f32/two_images_split.json");
        JsonNode g = new ObjectMapper().readTree(json.toFile());
        ModelFiles files = ModelFiles.of(Path.of(g.get("model").textValue()));
        SmolVlmProcessor proc = SmolVlmProcessor.load(files, ProcessorConfig.load(files).withImageSplitting(true));
        List<Path> imgs = new ArrayList<>();
        g.get("images").forEach(p -> imgs.add(Path.of(p.textValue())));
        SmolVlmProcessor.Prepared p = proc.prepareImageFiles(imgs, "What do you see in these images?");
        assertThat(p.prompt()).isEqualTo(g.get("prompt_text").textValue());
        GoldenTensors t = GoldenTensors.read(Path.of("testdata/goldens/tiny-gqa-f32/two_images_split.safetensors"));
        assertThat(p.pixels().pixelValues()).containsExactly(t.f32("pixel_values"));
    }

    @Test
    void videoEndToEndMatchesGolden() throws Exception {
        JsonNode g = new ObjectMapper().readTree(Path.of("testdata/goldens/tiny-gqa-f32/video.json").toFile());
        SmolVlmProcessor proc = SmolVlmProcessor.load(Path.of(g.get("model").textValue()));
        List<RgbImage> frames = new ArrayList<>();
        g.get("images").forEach(p -> frames.add(ImageLoader.read(Path.of(p.textValue()))));
        List<Double> ts = new ArrayList<>();
        g.get("video").get("timestamps").forEach(x -> ts.add(x.doubleValue()));
        SmolVlmProcessor.Prepared p = proc.prepareVideo(frames, ts, g.get("video").get("duration").doubleValue(),
                "What is happening in this video?");
        assertThat(p.prompt()).isEqualTo(g.get("prompt_text").textValue());
        GoldenTensors t = GoldenTensors.read(Path.of("testdata/goldens/tiny-gqa-f32/video.safetensors"));
        assertThat(p.pixels().pixelValues()).containsExactly(t.f32("pixel_values"));
    }
}
