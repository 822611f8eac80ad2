package org.videollm4j.generate;

import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.tokenizer.Tokenizer;
import org.videollm4j.util.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One model folder loaded for prompting with images: processor (resize, normalise, chat template,
 * image blocks), tokenizer and model. {@link #run} goes from PNG files and a prompt to generated ids,
 * the way SmolVLM's processor + {@code generate} do (images placed before the text).
 */
public final class ImagePromptRunner implements AutoCloseable {
    private final Path modelDir;
    private final SmolVlmModel model;
    private final Tokenizer tokenizer;
    private final SmolVlmProcessor processor;

    private ImagePromptRunner(Path modelDir, SmolVlmModel model, Tokenizer tokenizer, SmolVlmProcessor processor) {
        this.modelDir = modelDir;
        this.model = model;
        this.tokenizer = tokenizer;
        this.processor = processor;
    }

    public static ImagePromptRunner load(Path modelDir) {
        SmolVlmModel model = SmolVlmModel.load(modelDir);
        try {
            return new ImagePromptRunner(modelDir, model, Tokenizer.load(modelDir), SmolVlmProcessor.load(modelDir));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public SmolVlmModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * @param onToken receives each generated id as soon as it is chosen (may be null)
     */
    public Result run(List<Path> images, String prompt, GenerateOptions options, IntConsumer onToken) {
        SmolVlmProcessor.Prepared prepared = processor.prepareImageFiles(images, prompt);
        int[] ids = tokenizer.encode(prepared.prompt());
        int context = model.config().text().maxPositionEmbeddings();
        if (ids.length + options.maxNewTokens() > context) {
            throw new BadInputException("the prompt is " + ids.length + " tokens and " + options.maxNewTokens()
                    + " new tokens were asked for, but the model's context (" + modelDir.resolve("config.json")
                    + ": max_position_embeddings) is " + context + " tokens; shorten the prompt, use fewer images or"
                    + " lower --max-new-tokens");
        }
        int frames = prepared.pixels() == null ? 0 : prepared.pixels().count();
        float[] features = frames == 0 ? new float[0] : model.encodeImages(prepared.pixels().pixelValues(), frames);
        float[] embeddings = model.inputEmbeddings(ids, features, frames); // (n, H)
        int[] positions = new int[ids.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        Generator generator = new Generator(model.textModel());
        GenerationResult result = generator.generate(embeddings, positions, model.newCache(),
                options.withStepLogits(true), onToken);
        return new Result(prepared.prompt(), ids, result);
    }

    /** @param promptIds exactly the ids fed to the model (image tokens expanded) */
    public record Result(String promptText, int[] promptIds, GenerationResult generation) {
    }

    @Override
    public void close() {
        model.close();
    }
}
