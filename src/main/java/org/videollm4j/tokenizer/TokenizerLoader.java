package org.videollm4j.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code tokenizer.json} (the format of HF tokenizers' {@code Tokenizer::to_string}) into a {@link Tokenizer}.
 * Every unsupported component is refused with an error naming the file and the component, never ignored,
 * since a silently different tokenisation would give wrong ids.
 */
final class TokenizerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    private TokenizerLoader(Path file) {
        this.file = file;
    }

    static Tokenizer load(Path tokenizerJsonOrModelDir) {
        Path file = Files.isDirectory(tokenizerJsonOrModelDir)
                ? tokenizerJsonOrModelDir.resolve("tokenizer.json") : tokenizerJsonOrModelDir;
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file, Files.isDirectory(tokenizerJsonOrModelDir)
                    ? "no tokenizer.json in this model folder" : "no such file", e);
        } catch (JacksonException e) {
            throw BadInputException.file(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw BadInputException.file(file, "not a tokenizer.json (expected a JSON object at the top level)");
        }
        return new TokenizerLoader(file).build(root);
    }

    private Tokenizer build(JsonNode root) {
        TextNormalizer normalizer = normalizer(root.get("normalizer"));
        PreTokenizer preTokenizer = preTokenizer(root.get("pre_tokenizer"));
        TokenDecoder decoder = decoder(root.get("decoder"));
        JsonNode modelNode = root.get("model");
        if (modelNode == null || !modelNode.isObject()) {
            throw bad("no \"model\" object");
        }
        Map<String, Integer> vocab = vocab(modelNode);
        BpeModel model = BpeLoader.bpe(this, modelNode, vocab);
        List<AddedToken> added = addedTokens(root.get("added_tokens"));

        int size = 0;
        for (int id : vocab.values()) {
            size = Math.max(size, id + 1);
        }
        for (AddedToken t : added) {
            size = Math.max(size, t.id() + 1);
        }
        String[] idToToken = new String[size];
        boolean[] special = new boolean[size];
        Map<String, Integer> tokenToId = new HashMap<>(vocab);
        vocab.forEach((token, id) -> idToToken[id] = token);
        for (AddedToken t : added) {
            idToToken[t.id()] = t.content();
            special[t.id()] = t.special();
            tokenToId.put(t.content(), t.id());
        }
        return new Tokenizer(new AddedTokenMatcher(added, normalizer), preTokenizer, model, decoder, idToToken,
                special, tokenToId);
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
        JsonNode pattern = node.get("pattern");
        String regex;
        if (pattern != null && pattern.path("Regex").isTextual()) {
            regex = pattern.get("Regex").asText();
        } else if (pattern != null && pattern.path("String").isTextual()) {
            regex = java.util.regex.Pattern.quote(pattern.get("String").asText());
        } else {
            throw bad("Split pre_tokenizer needs \"pattern\": {\"Regex\": ...} or {\"String\": ...}, got "
                    + abbreviate(pattern));
        }
        String behaviorName = node.path("behavior").asText("");
        SplitPreTokenizer.Behavior behavior = SplitPreTokenizer.Behavior.parse(behaviorName);
        if (behavior == null) {
            throw bad("unsupported Split behavior '" + behaviorName
                    + "' (supported: Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)");
        }
        try {
            return new SplitPreTokenizer(RegexTranslator.compile(regex), behavior, bool(node, "invert", false));
        } catch (PatternSyntaxException e) {
            throw bad("Split pattern cannot be used: " + e.getDescription() + " in " + regex);
        }
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

    private Map<String, Integer> vocab(JsonNode model) {
        JsonNode v = model.get("vocab");
        if (v == null || !v.isObject()) {
            throw bad("model has no \"vocab\" object");
        }
        Map<String, Integer> vocab = new HashMap<>(v.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0 || !e.getValue().isIntegralNumber()) {
                throw bad("vocab entry " + abbreviate(e.getKey()) + " has id " + e.getValue() + ", expected an int >= 0");
            }
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        return vocab;
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
