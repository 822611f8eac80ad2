package org.videollm4j.cli;

import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's model comes from: {@code --model DIR}, else the bundled demo model. */
public final class ModelOption {
    /** The bundled demo model, relative to the project home. */
    public static final String DEMO_MODEL = "models/demo";

    private ModelOption() {
    }

    /** The project home: set by the launcher ({@code -Dvideollm4j.home}), else the working directory. */
    public static Path home() {
        String home = System.getProperty("videollm4j.home");
        return home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
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
        Path demo = home().resolve(DEMO_MODEL);
        if (!Files.isDirectory(demo)) {
            throw new BadInputException("no --model given and the demo model " + demo + " is not present;"
                    + " pass --model DIR (a Hugging Face SmolVLM snapshot folder)");
        }
        return demo;
    }
}
