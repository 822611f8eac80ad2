package org.videollm4j.prompt;

import org.videollm4j.image.RgbImage;
import org.videollm4j.preprocess.ImageLoader;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.preprocess.ProcessorConfig;
import org.videollm4j.preprocess.SmolVlmImageProcessor;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.JsonFields;
import org.videollm4j.util.ModelFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything between (images or video frames, a question) and the prompt string + pixel tensor of a SmolVLM
 * model folder, like transformers' {@code SmolVLMProcessor}: image preprocessing, chat template, image/video
 * token expansion. Tokenizing the prompt is the tokenizer's job ({@code Tokenizer.encode(prompt)}).
 */
public final class SmolVlmProcessor {
    private final SmolVlmImageProcessor images;
    private final SmolVlmPrompt prompt;
    private final TokenizerConfig tokenizerConfig;

    public SmolVlmProcessor(SmolVlmImageProcessor images, SmolVlmPrompt prompt, TokenizerConfig tokenizerConfig) {
        this.images = images;
        this.prompt = prompt;
        this.tokenizerConfig = tokenizerConfig;
    }

    /** The prompt string and the pictures it refers to, in the same order. */
    public record Prepared(String prompt, PixelBatch pixels) {
    }

    /** Loads the processor settings, tokenizer_config.json and chat template of a model folder. */
    public static SmolVlmProcessor load(Path modelDir) {
        ModelFiles files = ModelFiles.of(modelDir);
        ProcessorConfig pc = ProcessorConfig.load(files);
        return load(files, pc);
    }

    /** As {@link #load(Path)} with processor settings the caller may have changed (e.g. image splitting). */
    public static SmolVlmProcessor load(ModelFiles files, ProcessorConfig pc) {
        TokenizerConfig tc = TokenizerConfig.load(files);
        ChatTemplate template = ChatTemplate.load(files, tc);
        int seq = pc.imageSeqLen().isPresent() ? pc.imageSeqLen().getAsInt() : seqLenFromModelConfig(files, pc);
        return new SmolVlmProcessor(new SmolVlmImageProcessor(pc), new SmolVlmPrompt(template, tc, seq), tc);
    }

    /** (image_size / patch_size)^2 / scale_factor^2 from config.json, when no image_seq_len is stated. */
    private static int seqLenFromModelConfig(ModelFiles files, ProcessorConfig pc) {
        JsonFields c = files.readJson("config.json", "image_seq_len (absent from processor_config.json)");
        int image = c.intOr("vision_config.image_size", pc.maxImageSize());
        int patch = c.optInt("vision_config.patch_size").orElseThrow(
                () -> c.missing("vision_config.patch_size", "an integer"));
        int scale = c.intOr("scale_factor", 2);
        if (patch <= 0 || scale <= 0 || image % patch != 0 || (image / patch) % scale != 0) {
            throw BadInputException.file(c.file(), "image_size " + image + ", patch_size " + patch
                    + " and scale_factor " + scale + " do not give a whole number of image tokens");
        }
        return pc.imageSeqLen(image, patch, scale);
    }

    public SmolVlmImageProcessor imageProcessor() {
        return images;
    }

    public SmolVlmPrompt promptBuilder() {
        return prompt;
    }

    public TokenizerConfig tokenizerConfig() {
        return tokenizerConfig;
    }

    /** A question about zero or more image files, laid out as SmolVLM expects (images first, then text). */
    public Prepared prepareImageFiles(List<Path> imageFiles, String question) {
        List<RgbImage> imgs = new ArrayList<>();
        for (Path p : imageFiles) {
            imgs.add(ImageLoader.read(p));
        }
        return prepareImages(List.of(ChatMessage.userWithImages(imgs.size(), question)), imgs);
    }

    /** A whole conversation; the k-th image item of the messages is {@code imgs.get(k)}. */
    public Prepared prepareImages(List<ChatMessage> messages, List<RgbImage> imgs) {
        long items = messages.stream().flatMap(m -> m.content().stream())
                .filter(c -> c instanceof ChatMessage.Image).count();
        if (items != imgs.size()) {
            throw new BadInputException("prompt: the messages hold " + items + " image items but "
                    + imgs.size() + " images were given");
        }
        PixelBatch px = images.processImages(imgs);
        return new Prepared(prompt.build(messages, px.grids(), true), px);
    }

    /** A question about one video: its sampled frames with their times, and the video's duration. */
    public Prepared prepareVideo(List<RgbImage> frames, List<Double> timestamps, double durationSeconds,
                                 String question) {
        return prepareVideo(List.of(ChatMessage.userWithVideo(question)), frames, timestamps, durationSeconds);
    }

    /** A conversation holding one video item. */
    public Prepared prepareVideo(List<ChatMessage> messages, List<RgbImage> frames, List<Double> timestamps,
                                 double durationSeconds) {
        if (frames.size() != timestamps.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + timestamps.size() + " timestamps");
        }
        PixelBatch px = images.processFrames(frames);
        String text = prompt.buildVideo(messages, new SmolVlmPrompt.VideoLayout(timestamps, durationSeconds), true);
        return new Prepared(text, px);
    }
}
