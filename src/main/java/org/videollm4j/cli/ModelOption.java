package org.videollm4j.cli;

import org.videollm4j.pipeline.ModelPaths;
import org.videollm4j.util.BadInputException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --model DIR} (a picocli mixin of ask, chat, eval, generate, keyframes), else the bundled demo model
 * ({@link ModelPaths}); one place checks the folder so every command says the same about a wrong one.
 */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled demo model, models/demo).")
    Path model;

    /** The folder these flags select ({@link #resolve}). */
    public Path dir() {
        return resolve(model);
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
            throw new BadInputException("no --model given and the demo model models/demo is not present (looked in "
                    + demo + "); pass --model DIR (a Hugging Face SmolVLM snapshot folder)");
        }
        return demo;
    }
}
