package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.videollm4j.tokenizer.TinyTokenizers.bytes;

/** Added tokens in running text: raw-text matching before normalisation, and the HF flags. */
class AddedTokensTest {
    @TempDir
    Path dir;

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
    }

    @Test
    void qwenChatMarkupIsMatchedAsSpecialTokens() {
        Tokenizer qwen = TokenizerGoldenTest.tokenizer("qwen3");
        String text = "<|im_start|>user\nDescribe the video.<|im_end|>\n<|im_start|>assistant\n<think>";
        int[] expected = concat(new int[] {151_644}, qwen.encode("user\nDescribe the video."), new int[] {151_645},
                qwen.encode("\n"), new int[] {151_644}, qwen.encode("assistant\n"), new int[] {151_667});
        assertThat(qwen.encode(text)).containsExactly(expected);
        assertThat(qwen.decode(expected)).isEqualTo(text);
        assertThat(qwen.decode(expected, true))
                .as("special tokens skipped, the non-special <think> kept")
                .isEqualTo("user\nDescribe the video.\nassistant\n<think>");
        assertThat(qwen.encode("a<|video_pad|><|video_pad|>b"))
                .containsExactly(concat(qwen.encode("a"), new int[] {151_656, 151_656}, qwen.encode("b")));
    }

    @Test
    void anIncompleteSpecialTokenIsOrdinaryText() {
        Tokenizer qwen = TokenizerGoldenTest.tokenizer("qwen3");
        assertThat(qwen.encode("<|im_start")).doesNotContain(151_644);
        assertThat(qwen.decode(qwen.encode("<|im_start"))).isEqualTo("<|im_start");
    }

    @Test
    void longestAddedTokenWins() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        TinyTokenizers.addToken(root, 300, "<a>", true, false, false, false, false);
        TinyTokenizers.addToken(root, 301, "<a><a>", true, false, false, false, false);
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, root));
        assertThat(tok.encode("<a><a><a>")).containsExactly(301, 300);
    }

    @Test
    void lstripAndRstripSwallowNeighbouringWhitespace() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        TinyTokenizers.addToken(root, 300, "<L>", true, true, false, false, false);
        TinyTokenizers.addToken(root, 301, "<R>", true, false, true, false, false);
        TinyTokenizers.addToken(root, 302, "<N>", true, false, false, false, false);
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, root));
        assertThat(tok.encode("q  <L>  q")).containsExactly(concat(bytes("q"), new int[] {300}, bytes("  q")));
        assertThat(tok.encode("q  <R>  q")).containsExactly(concat(bytes("q  "), new int[] {301}, bytes("q")));
        assertThat(tok.encode("q <N> q")).containsExactly(concat(bytes("q "), new int[] {302}, bytes(" q")));
        assertThat(tok.decode(tok.encode("q  <R>  q"))).isEqualTo("q  <R>q");
    }

    @Test
    void singleWordTokensOnlyMatchOutsideWords() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        TinyTokenizers.addToken(root, 300, "[w]", false, false, false, true, false);
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, root));
        assertThat(tok.encode("x[w]")).containsExactly(bytes("x[w]"));
        assertThat(tok.encode("[w]x")).containsExactly(bytes("[w]x"));
        assertThat(tok.encode("x [w].")).containsExactly(concat(bytes("x "), new int[] {300}, bytes(".")));
        assertThat(tok.isSpecial(300)).isFalse();
        assertThat(tok.decode(new int[] {300}, true)).isEqualTo("[w]");
    }

    @Test
    void normalizedTokensAreMatchedAfterNormalisation() {
        ObjectNode root = TinyTokenizers.byteLevel(false);
        TinyTokenizers.addToken(root, 300, "\u00e9", false, false, false, false, true);  // é precomposed, normalized
        TinyTokenizers.addToken(root, 301, "o\u0301", false, false, false, false, false); // ó decomposed, raw
        Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, root));
        assertThat(tok.encode("e\u0301")).as("NFC turns e + combining acute into é").containsExactly(300);
        assertThat(tok.encode("o\u0301")).as("matched in the raw text, before NFC").containsExactly(301);
    }

    @Test
    void bpeAppliesMergesByRankWhetherWrittenAsStringsOrArrays() {
        for (boolean arrays : new boolean[] {false, true}) {
            Tokenizer tok = Tokenizer.load(TinyTokenizers.write(dir, TinyTokenizers.byteLevel(arrays)));
            assertThat(tok.encode("abc")).containsExactly(257);
            assertThat(tok.encode("ababx")).containsExactly(256, 256, 'x');
            assertThat(tok.encode("acb")).containsExactly('a', 'c', 'b');
            assertThat(tok.encode("abc abc")).as("GPT-2 regex splits ' abc' off").containsExactly(257, 0x20, 257);
            assertThat(tok.vocabSize()).isEqualTo(258);
            assertThat(tok.decode(new int[] {257, 0x20, 256})).isEqualTo("abc ab");
        }
    }
}
