package org.videollm4j.cli;

import org.videollm4j.pipeline.ModelPaths;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a command's model folder: {@code --model DIR}, else the bundled demo model ({@link ModelPaths}). */
public final class ModelOption {
    private ModelOption() {
    }

    /** {@code given} when set, else the demo model; fails clearly when the folder does not exist. */
    public static Path resolve(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) {
                throw BadInputException.file(given, Files.exists(given)
                        ? "not a folder; --model takes a model folder (config.json, model.safetensors, tokenizer.json, ...)"
                        : "model folder not found");
            }
            return given;
        }
        Path demo = ModelPaths.defaultModel();
        if (!Files.isDirectory(demo)) {
            throw new BadInputException("no --model given and the demo model " + demo + " is not present;"
                    + " pass --model DIR (a Hugging Face SmolVLM snapshot folder)");
        }
        return demo;
    }
}
