package org.videollm4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the small JSON files of a snapshot folder, with errors that name the file. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode readObject(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file.getFileName(), "file not found (in " + file.getParent() + ")");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw BadInputException.file(file.getFileName(), "malformed JSON: " + msg);
        }
        if (root == null || !root.isObject()) {
            throw BadInputException.file(file.getFileName(), "expected a JSON object");
        }
        return root;
    }
}
