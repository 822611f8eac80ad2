package org.videollm4j.tokenizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random texts: decoding the encoding gives the (normalised) text back, special tokens included. */
class TokenizerRoundTripTest {
    private static final String[] PIECES = {"a", "Z", "é", "e\u0301", " ", "  ", "\t", "\n", "\r\n", "7", "42", "'s",
            "'LL", "日本", "🎬", "\u3000", "\u00a0", "\u0085", "-", "...", "<|im_start|>", "<|im_end|>",
            "<|begin_of_text|>", "<|eot_id|>", "<think>", "<|", "|>", "Привет", "مرحبا", "\u200b", "\ufeff"};

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void decodeOfEncodeIsTheNormalisedText(String name) {
        Tokenizer tok = TokenizerGoldenTest.tokenizer(name);
        boolean nfc = name.equals("qwen3"); // qwen3 has an NFC normalizer, llama3 none
        Random rnd = new Random(20_261_122L);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
            String text = sb.toString();
            int[] ids = tok.encode(text);
            String expected = nfc ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
            assertThat(tok.decode(ids)).as("%s: %s", name, text).isEqualTo(expected);
            assertThat(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < tok.vocabSize())).isTrue();
        }
        assertThat(tok.encode("")).isEmpty();
        assertThat(tok.decode(new int[0])).isEmpty();
    }
}
