package org.videollm4j.util;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Typed, validated access to the fields of one JSON config file. Keys are dotted paths
 * ({@code "size.longest_edge"}); every error names the file and the key, e.g.
 * {@code preprocessor_config.json: "size.longest_edge" must be an integer, got "abc"}.
 */
public record JsonFields(Path file, JsonNode root) {

    /** The node at a dotted path, or empty when any step is absent or JSON null. */
    public Optional<JsonNode> node(String key) {
        JsonNode n = root;
        for (String part : key.split("\\.")) {
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            n = n.get(part);
        }
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    public boolean has(String key) {
        return node(key).isPresent();
    }

    public int requireInt(String key) {
        return optInt(key).orElseThrow(() -> missing(key, "an integer"));
    }

    public OptionalInt optInt(String key) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return OptionalInt.empty();
        }
        JsonNode v = n.get();
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad(key, "must be an integer", v);
        }
        return OptionalInt.of(v.intValue());
    }

    public int intOr(String key, int fallback) {
        return optInt(key).orElse(fallback);
    }

    public OptionalDouble optDouble(String key) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!n.get().isNumber()) {
            throw bad(key, "must be a number", n.get());
        }
        return OptionalDouble.of(n.get().doubleValue());
    }

    public double doubleOr(String key, double fallback) {
        return optDouble(key).orElse(fallback);
    }

    public boolean boolOr(String key, boolean fallback) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return fallback;
        }
        if (!n.get().isBoolean()) {
            throw bad(key, "must be true or false", n.get());
        }
        return n.get().booleanValue();
    }

    public Optional<String> optString(String key) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!n.get().isTextual()) {
            throw bad(key, "must be a string", n.get());
        }
        return Optional.of(n.get().textValue());
    }

    /** A token written either as a string or as an AddedToken object {"content": "..."} (old tokenizer configs). */
    public Optional<String> optToken(String key) {
        Optional<JsonNode> n = node(key);
        if (n.isPresent() && n.get().isObject()) {
            JsonNode c = n.get().get("content");
            if (c == null || !c.isTextual()) {
                throw bad(key, "must be a string or an object with a string \"content\"", n.get());
            }
            return Optional.of(c.textValue());
        }
        return optString(key);
    }

    /** A numeric array of exactly {@code length} entries, or {@code fallback} when absent. */
    public double[] doublesOr(String key, int length, double[] fallback) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return fallback.clone();
        }
        JsonNode v = n.get();
        if (v.isNumber()) { // transformers accepts one number for all channels
            double[] out = new double[length];
            java.util.Arrays.fill(out, v.doubleValue());
            return out;
        }
        if (!v.isArray() || v.size() != length) {
            throw bad(key, "must be a list of " + length + " numbers", v);
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            if (!v.get(i).isNumber()) {
                throw bad(key, "must be a list of " + length + " numbers", v);
            }
            out[i] = v.get(i).doubleValue();
        }
        return out;
    }

    public BadInputException bad(String key, String problem, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return BadInputException.file(file, "\"" + key + "\" " + problem + ", got " + shown);
    }

    public BadInputException missing(String key, String what) {
        return BadInputException.file(file, "\"" + key + "\" is missing (expected " + what + ")");
    }
}
