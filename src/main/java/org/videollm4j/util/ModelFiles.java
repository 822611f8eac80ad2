package org.videollm4j.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model folder laid out like a Hugging Face snapshot ({@code config.json}, {@code *.safetensors},
 * {@code tokenizer.json}, {@code tokenizer_config.json}, {@code preprocessor_config.json},
 * {@code processor_config.json}, {@code chat_template.json}, ...). Locates files and reads JSON ones, turning
 * every problem into one {@link BadInputException} that names the file.
 */
public final class ModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    private ModelFiles(Path dir) {
        this.dir = dir;
    }

    /** The model folder {@code dir}; it must exist and be a directory. */
    public static ModelFiles of(Path dir) {
        if (!Files.exists(dir)) {
            throw BadInputException.file(dir, "model folder not found");
        }
        if (!Files.isDirectory(dir)) {
            throw BadInputException.file(dir, "not a folder (a model is a Hugging Face snapshot folder)");
        }
        return new ModelFiles(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The path of {@code name} in the folder, whether or not it exists. */
    public Path path(String name) {
        return dir.resolve(name);
    }

    public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    /** The path of a file the caller cannot do without; {@code why} says what it is needed for. */
    public Path require(String name, String why) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw BadInputException.file(p, "missing from the model folder (needed for " + why + ")");
        }
        return p;
    }

    /** The names among {@code names} that are not in the folder, in order. */
    public List<String> missing(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!has(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Parses a required JSON file; it must hold a JSON object. */
    public JsonFields readJson(String name, String why) {
        return parseJson(require(name, why));
    }

    /** Parses a JSON file if the folder has it. */
    public Optional<JsonFields> readJsonIfPresent(String name) {
        return has(name) ? Optional.of(parseJson(dir.resolve(name))) : Optional.empty();
    }

    /** Parses {@code file} as a JSON object. */
    public static JsonFields parseJson(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw BadInputException.file(file, "malformed JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw BadInputException.file(file, "expected a JSON object at the top level");
        }
        return new JsonFields(file, root);
    }
}
