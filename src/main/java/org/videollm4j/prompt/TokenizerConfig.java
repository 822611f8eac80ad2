package org.videollm4j.prompt;

import org.videollm4j.util.BadInputException;
import org.videollm4j.util.JsonFields;
import org.videollm4j.util.ModelFiles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of {@code tokenizer_config.json} the prompt side needs: special token strings, whether a BOS is
 * prepended, the context limit and the legacy place of the chat template. Token strings may be written as
 * plain strings or as AddedToken objects. {@code extra_special_tokens} (newer transformers) names the SmolVLM
 * image tokens; absent ones fall back to the SmolVLM defaults in {@link SmolVlmPrompt.Tokens}.
 *
 * @param chatTemplate   the "chat_template" field when it is a string, or the entry named "default" of a
 *                       list of named templates
 * @param modelMaxLength model_max_length if given and sane (transformers writes 1e30 for "no limit")
 */
public record TokenizerConfig(Optional<String> bosToken, Optional<String> eosToken, Optional<String> padToken,
                              Optional<String> unkToken, boolean addBosToken, OptionalInt modelMaxLength,
                              Optional<String> chatTemplate, Map<String, String> extraSpecialTokens) {
    public static final String FILE = "tokenizer_config.json";

    public TokenizerConfig {
        extraSpecialTokens = Map.copyOf(extraSpecialTokens);
    }

    /** Reads tokenizer_config.json; a folder without one gets an all-empty config. */
    public static TokenizerConfig load(ModelFiles files) {
        return files.readJsonIfPresent(FILE).map(TokenizerConfig::from).orElseGet(TokenizerConfig::empty);
    }

    public static TokenizerConfig empty() {
        return new TokenizerConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                OptionalInt.empty(), Optional.empty(), Map.of());
    }

    static TokenizerConfig from(JsonFields f) {
        OptionalInt max = OptionalInt.empty();
        var m = f.optDouble("model_max_length");
        if (m.isPresent() && m.getAsDouble() > 0 && m.getAsDouble() <= Integer.MAX_VALUE) {
            max = OptionalInt.of((int) m.getAsDouble());
        }
        Map<String, String> extra = new LinkedHashMap<>();
        f.node("extra_special_tokens").ifPresent(n -> {
            if (!n.isObject()) {
                throw f.bad("extra_special_tokens", "must be an object of name -> token", n);
            }
            n.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    extra.put(e.getKey(), e.getValue().textValue());
                }
            });
        });
        return new TokenizerConfig(f.optToken("bos_token"), f.optToken("eos_token"), f.optToken("pad_token"),
                f.optToken("unk_token"), f.boolOr("add_bos_token", false), max, chatTemplate(f), extra);
    }

    private static Optional<String> chatTemplate(JsonFields f) {
        var n = f.node("chat_template");
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get().isTextual()) {
            return Optional.of(n.get().textValue());
        }
        if (n.get().isArray()) {
            for (var t : n.get()) {
                if (t.isObject() && t.path("name").asText("").equals("default") && t.path("template").isTextual()) {
                    return Optional.of(t.get("template").textValue());
                }
            }
            throw BadInputException.file(f.file(), "\"chat_template\" is a list without an entry named \"default\"");
        }
        throw f.bad("chat_template", "must be a string or a list of {name, template}", n.get());
    }

    /** Variables HF passes to every chat template: the special token strings (absent ones are not set). */
    public Map<String, Object> templateVariables() {
        Map<String, Object> v = new LinkedHashMap<>();
        bosToken.ifPresent(t -> v.put("bos_token", t));
        eosToken.ifPresent(t -> v.put("eos_token", t));
        padToken.ifPresent(t -> v.put("pad_token", t));
        unkToken.ifPresent(t -> v.put("unk_token", t));
        return v;
    }
}
