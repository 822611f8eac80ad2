package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Id-exact agreement with the Hugging Face implementation on the shared golden corpus
 * ({@code ../shared/tokenizers/README.md}), and the decoding round trip.
 */
class TokenizerGoldenTest {
    static final Path SHARED = Path.of("../shared/tokenizers");
    private static final Map<String, Tokenizer> LOADED = new HashMap<>();

    static synchronized Tokenizer tokenizer(String name) {
        return LOADED.computeIfAbsent(name, n -> Tokenizer.load(SHARED.resolve(n)));
    }

    record Golden(String text, int[] ids, String decoded) {
    }

    static List<Golden> goldens(String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(SHARED.resolve(name).resolve("golden-ids.jsonl")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        JsonNode n = json.readTree(l);
                        return new Golden(n.get("text").asText(), json.treeToValue(n.get("ids"), int[].class),
                                n.get("decoded").asText());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void encodesEveryGoldenLineIdForId(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        List<Golden> goldens = goldens(name);
        assertThat(goldens).hasSizeGreaterThan(50);
        for (Golden g : goldens) {
            assertThat(tok.encode(g.text())).as("%s: %s", name, g.text()).containsExactly(g.ids());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void decodesEveryGoldenLineBackToItsText(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        for (Golden g : goldens(name)) {
            assertThat(tok.decode(g.ids())).as("%s: %s", name, g.text()).isEqualTo(g.decoded());
            assertThat(tok.decode(g.ids(), true)).isEqualTo(g.decoded());
        }
    }

    @Test
    void vocabularyFacts() {
        Tokenizer qwen = tokenizer("qwen3");
        assertThat(qwen.vocabSize()).isEqualTo(151_643 + 26);
        assertThat(qwen.tokenId("<|im_start|>")).hasValue(151_644);
        assertThat(qwen.token(151_644)).isEqualTo("<|im_start|>");
        assertThat(qwen.isSpecial(151_644)).isTrue();
        assertThat(qwen.isSpecial(151_667)).as("<think> is added but not special").isFalse();
        assertThat(qwen.tokenId("Ġthe")).isPresent();
        assertThat(qwen.tokenId("no such token")).isEmpty();
        Tokenizer llama = tokenizer("llama3");
        assertThat(llama.vocabSize()).isEqualTo(128_256);
        assertThat(llama.tokenId("<|eot_id|>")).hasValue(128_009);
    }
}
