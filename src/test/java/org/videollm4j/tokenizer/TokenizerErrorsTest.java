package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad tokenizer.json is refused with a BadInputException that names the file and the problem. */
class TokenizerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> Tokenizer.load(missing)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
    }

    @Test
    void modelFolderWithoutTokenizerJson() {
        assertThatThrownBy(() -> Tokenizer.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString())
                .hasMessageContaining("no tokenizer.json");
    }

    @Test
    void modelFolderWithTokenizerJsonLoads() {
        TinyTokenizers.write(dir, TinyTokenizers.byteLevel(false));
        assertThat(Tokenizer.load(dir).encode("abc")).containsExactly(257);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\": {", "not json", "[1, 2]", "{\"model\": {\"type\": \"BPE\"}} trailing"})
    void malformedJson(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), content);
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WordPiece", "Unigram", "WordLevel"})
    void unsupportedModelType(String type) {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        ((ObjectNode) root.get("model")).put("type", type);
        Path file = TinyTokenizers.write(dir, root);
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("unsupported model type '" + type + "'");
    }

    @Test
    void unsupportedNormalizerPreTokenizerAndDecoder() {
        assertUnsupported("normalizer", "Lowercase", "unsupported normalizer type 'Lowercase'");
        assertUnsupported("pre_tokenizer", "Metaspace", "unsupported pre_tokenizer type 'Metaspace'");
        assertUnsupported("decoder", "WordPiece", "unsupported decoder type 'WordPiece'");
    }

    private void assertUnsupported(String section, String type, String message) {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        root.putObject(section).put("type", type);
        Path file = TinyTokenizers.write(dir, root);
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(message);
    }

    @Test
    void byteFallbackAndMergeOutsideVocabAreRefused() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        ((ObjectNode) root.get("model")).put("byte_fallback", true);
        Path file = TinyTokenizers.write(dir, root);
        assertThatThrownBy(() -> Tokenizer.load(file)).hasMessageContaining("byte_fallback");

        ObjectNode root2 = TinyTokenizers.byteLevel(false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) root2.get("model").get("merges")).add("b c");
        Path file2 = TinyTokenizers.write(dir, root2);
        assertThatThrownBy(() -> Tokenizer.load(file2)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("merge 2 (b, c) uses a token not in the vocab");
    }

    @Test
    void hugeTokenIdIsRefusedBeforeAllocating() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        TinyTokenizers.addToken(root, 2_000_000_000, "<big>", true, false, false, false, false);
        Path file = TinyTokenizers.write(dir, root);
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("token id 2000000000");
    }

    @Test
    void splitWithALiteralStringPatternAndABadRegex() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        ObjectNode seq = root.putObject("pre_tokenizer").put("type", "Sequence");
        ObjectNode split = seq.putArray("pretokenizers").addObject().put("type", "Split")
                .put("behavior", "Removed").put("invert", false);
        split.putObject("pattern").put("String", "\\p{L}");
        seq.withArray("pretokenizers").addObject().put("type", "ByteLevel").put("add_prefix_space", false)
                .put("use_regex", false);
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, root));
        assertThat(tok.encode("ab\\p{L}c")).as("the literal text \\p{L} is removed").containsExactly(256, 'c');

        split.putObject("pattern").put("Regex", "(unclosed");
        Path file = TinyTokenizers.write(dir, root);
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Split pattern cannot be used");
    }

    @Test
    void unknownIdsAreReported() {
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, TinyTokenizers.byteLevel(false)));
        assertThatThrownBy(() -> tok.token(999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
        assertThat(tok.decode(new int[] {'a', 999, 'b'})).as("HF leaves out ids without a token").isEqualTo("ab");
    }
}
