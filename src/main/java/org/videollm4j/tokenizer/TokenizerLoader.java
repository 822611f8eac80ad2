package org.videollm4j.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code tokenizer.json} (the format of HF tokenizers' {@code Tokenizer::to_string}) into a {@link Tokenizer}.
 * Every unsupported component is refused with an error naming the file and the component, never ignored,
 * since a silently different tokenisation would give wrong ids.
 */
final class TokenizerLoader {
    /** Field names are not interned: the vocabulary's 100k+ distinct keys would only fill the symbol table. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());

    /** Largest token id accepted; real vocabularies stay far below (Gemma: 262k). */
    static final int MAX_ID = (1 << 24) - 1;

    private final Path file;

    private TokenizerLoader(Path file) {
        this.file = file;
    }

    static Tokenizer load(Path tokenizerJsonOrModelDir) {
        Path file = Files.isDirectory(tokenizerJsonOrModelDir)
                ? tokenizerJsonOrModelDir.resolve("tokenizer.json") : tokenizerJsonOrModelDir;
        TokenizerLoader loader = new TokenizerLoader(file);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ModelSection model = null;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw loader.bad("not a tokenizer.json (expected a JSON object at the top level)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    model = ModelSection.read(p, loader);
                } else {
                    root.set(field, p.readValueAsTree());
                }
            }
            if (p.nextToken() != null) {
                throw loader.bad("not valid JSON: unexpected content after the top-level object");
            }
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file, Files.isDirectory(tokenizerJsonOrModelDir)
                    ? "no tokenizer.json in this model folder" : "no such file", e);
        } catch (JacksonException e) {
            String at = e.getLocation() == null ? "" : " (at " + e.getLocation().offsetDescription() + ")";
            throw BadInputException.file(file, "not valid JSON: " + e.getOriginalMessage() + at, e);
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read: " + e.getMessage(), e);
        }
        if (model == null) {
            throw loader.bad("no \"model\" object");
        }
        return loader.build(root, model);
    }

    private Tokenizer build(JsonNode root, ModelSection modelSection) {
        TextNormalizer normalizer = normalizer(root.get("normalizer"));
        PreTokenizer preTokenizer = preTokenizer(root.get("pre_tokenizer"));
        TokenDecoder decoder = decoder(root.get("decoder"));
        Map<String, Integer> vocab = modelSection.vocab();
        if (vocab == null) {
            throw bad("model has no \"vocab\" object");
        }
        BpeModel model = BpeLoader.bpe(this, modelSection);
        List<AddedToken> added = addedTokens(root.get("added_tokens"));

        int size = 0;
        for (int id : vocab.values()) {
            size = Math.max(size, id + 1);
        }
        for (AddedToken t : added) {
            size = Math.max(size, t.id() + 1);
        }
        if (size > MAX_ID + 1) {
            // ids index dense tables (and embedding rows); a huge id is a broken file, not a reason to allocate
            throw bad("token id " + (size - 1) + " is larger than " + MAX_ID);
        }
        String[] idToToken = new String[size];
        boolean[] special = new boolean[size];
        Map<String, Integer> addedToId = new HashMap<>();
        vocab.forEach((token, id) -> idToToken[id] = token);
        for (AddedToken t : added) {
            idToToken[t.id()] = t.content();
            special[t.id()] = t.special();
            addedToId.put(t.content(), t.id());
        }
        return new Tokenizer(new AddedTokenMatcher(added, normalizer), preTokenizer, model, decoder, idToToken,
                special, vocab, addedToId);
    }

    BadInputException bad(String problem) {
        return BadInputException.file(file, problem);
    }

    private String type(JsonNode node, String what) {
        JsonNode t = node.get("type");
        if (t == null || !t.isTextual()) {
            throw bad(what + " has no \"type\": " + abbreviate(node));
        }
        return t.asText();
    }

    private TextNormalizer normalizer(JsonNode node) {
        if (node == null || node.isNull()) {
            return TextNormalizer.IDENTITY;
        }
        String type = type(node, "normalizer");
        return switch (type) {
            case "NFC" -> TextNormalizer.unicode(Normalizer.Form.NFC);
            case "NFD" -> TextNormalizer.unicode(Normalizer.Form.NFD);
            case "NFKC" -> TextNormalizer.unicode(Normalizer.Form.NFKC);
            case "NFKD" -> TextNormalizer.unicode(Normalizer.Form.NFKD);
            case "Sequence" -> {
                List<TextNormalizer> steps = new ArrayList<>();
                for (JsonNode n : array(node, "normalizers", "normalizer Sequence")) {
                    steps.add(normalizer(n));
                }
                yield TextNormalizer.sequence(steps);
            }
            default -> throw bad("unsupported normalizer type '" + type
                    + "' (supported: NFC, NFD, NFKC, NFKD, Sequence)");
        };
    }

    private PreTokenizer preTokenizer(JsonNode node) {
        if (node == null || node.isNull()) {
            return PreTokenizer.NONE;
        }
        String type = type(node, "pre_tokenizer");
        return switch (type) {
            case "Split" -> split(node);
            case "ByteLevel" -> new ByteLevelPreTokenizer(bool(node, "add_prefix_space", true),
                    bool(node, "use_regex", true));
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode n : array(node, "pretokenizers", "pre_tokenizer Sequence")) {
                    steps.add(preTokenizer(n));
                }
                yield PreTokenizer.sequence(steps);
            }
            default -> throw bad("unsupported pre_tokenizer type '" + type + "' (supported: Split, ByteLevel, Sequence)");
        };
    }

    private PreTokenizer split(JsonNode node) {
        String behaviorName = node.path("behavior").asText("");
        SplitPreTokenizer.Behavior behavior = SplitPreTokenizer.Behavior.parse(behaviorName);
        if (behavior == null) {
            throw bad("unsupported Split behavior '" + behaviorName
                    + "' (supported: Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)");
        }
        JsonNode pattern = node.get("pattern");
        Pattern compiled;
        if (pattern != null && pattern.path("Regex").isTextual()) {
            String regex = pattern.get("Regex").asText();
            try {
                compiled = RegexTranslator.compile(regex);
            } catch (PatternSyntaxException e) {
                throw bad("Split pattern cannot be used: " + e.getDescription() + " in " + regex);
            }
        } else if (pattern != null && pattern.path("String").isTextual()) {
            compiled = Pattern.compile(Pattern.quote(pattern.get("String").asText())); // a literal, not a regex
        } else {
            throw bad("Split pre_tokenizer needs \"pattern\": {\"Regex\": ...} or {\"String\": ...}, got "
                    + abbreviate(pattern));
        }
        return new SplitPreTokenizer(compiled, behavior, bool(node, "invert", false));
    }

    private TokenDecoder decoder(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = type(node, "decoder");
        return switch (type) {
            case "ByteLevel" -> TokenDecoder.BYTE_LEVEL;
            case "Sequence" -> {
                List<TokenDecoder> steps = new ArrayList<>();
                for (JsonNode n : array(node, "decoders", "decoder Sequence")) {
                    steps.add(decoder(n));
                }
                yield TokenDecoder.sequence(steps);
            }
            default -> throw bad("unsupported decoder type '" + type + "' (supported: ByteLevel, Sequence)");
        };
    }

    private List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw bad("\"added_tokens\" is not an array");
        }
        for (JsonNode t : node) {
            JsonNode id = t.get("id");
            JsonNode content = t.get("content");
            if (id == null || !id.isIntegralNumber() || id.asInt() < 0 || content == null || !content.isTextual()
                    || content.asText().isEmpty()) {
                throw bad("added token needs an \"id\" >= 0 and a non-empty \"content\": " + abbreviate(t));
            }
            out.add(new AddedToken(id.asInt(), content.asText(), bool(t, "special", false), bool(t, "lstrip", false),
                    bool(t, "rstrip", false), bool(t, "single_word", false), bool(t, "normalized", true)));
        }
        return out;
    }

    JsonNode array(JsonNode node, String field, String what) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw bad(what + " has no \"" + field + "\" array");
        }
        return a;
    }

    boolean bool(JsonNode node, String field, boolean missing) {
        JsonNode b = node.get(field);
        if (b == null || b.isNull()) {
            return missing;
        }
        if (!b.isBoolean()) {
            throw bad("\"" + field + "\" must be true or false, got " + b);
        }
        return b.asBoolean();
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
