package org.videollm4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.videollm4j.util.BadInputException;

/** Typed reads of config.json fields with Hugging Face class defaults for missing keys. */
public record ConfigFields(String file, String prefix, JsonNode node) {
    public int intOr(String key, int dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad(key, "must be an integer, got " + v);
        }
        return v.asInt();
    }

    public double doubleOr(String key, double dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw bad(key, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    public boolean boolOr(String key, boolean dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(key, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    public String stringOr(String key, String dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw bad(key, "must be a string, got " + v);
        }
        return v.asText();
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** A nested object (e.g. "vision_config"); an empty object when absent. */
    public ConfigFields child(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return new ConfigFields(file, prefix + key + ".", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!v.isObject()) {
            throw bad(key, "must be an object, got " + v);
        }
        return new ConfigFields(file, prefix + key + ".", v);
    }

    public BadInputException bad(String key, String problem) {
        return new BadInputException(file + ": " + prefix + key + " " + problem);
    }
}
