package org.videollm4j.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Split behaviours (the examples of HF's SplitDelimiterBehavior documentation) and regex translation. */
class PreTokenizerTest {
    private static List<String> split(PreTokenizer p, String text) {
        List<String> out = new ArrayList<>();
        p.split(text, out);
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Removed;            the|final|countdown",
            "Isolated;           the|-|final|-|-|countdown",
            "MergedWithPrevious; the-|final-|-|countdown",
            "MergedWithNext;     the|-final|-|-countdown",
            "Contiguous;         the|-|final|--|countdown"})
    void splitBehaviours(String behavior, String expected) {
        var b = SplitPreTokenizer.Behavior.parse(behavior);
        assertThat(split(new SplitPreTokenizer(Pattern.compile("-"), b, false), "the-final--countdown"))
                .containsExactly(expected.split("\\|"));
    }

    @Test
    void invertMakesTheMatchesThePieces() {
        var p = new SplitPreTokenizer(Pattern.compile("[a-z]+"), SplitPreTokenizer.Behavior.REMOVED, true);
        assertThat(split(p, "the-final--countdown")).containsExactly("the", "final", "countdown");
    }

    @Test
    void byteLevelAddsPrefixSpaceAndMapsBytes() {
        var p = new ByteLevelPreTokenizer(true, true);
        assertThat(split(p, "Hello world")).containsExactly("\u0120Hello", "\u0120world");
        assertThat(split(p, " x")).as("no second space").containsExactly("\u0120x");
        assertThat(split(new ByteLevelPreTokenizer(false, false), "a b\n")).containsExactly("a\u0120b\u010a");
    }

    @Test
    void sequenceFeedsEveryPieceToTheNextStep() {
        var p = PreTokenizer.sequence(List.of(
                new SplitPreTokenizer(Pattern.compile(","), SplitPreTokenizer.Behavior.REMOVED, false),
                new ByteLevelPreTokenizer(true, false)));
        assertThat(split(p, "a,b c")).containsExactly("\u0120a", "\u0120b\u0120c");
    }

    @Test
    void translatesPropertiesAndPosixClasses() {
        assertThat(RegexTranslator.translate("\\p{L}+|\\p{N}{1,3}|\\pL")).isEqualTo("\\p{L}+|\\p{N}{1,3}|\\pL");
        assertThat(RegexTranslator.translate("\\p{Han}\\P{Greek}")).isEqualTo("\\p{IsHan}\\P{IsGreek}");
        assertThat(RegexTranslator.translate("[[:alpha:][:^digit:]]")).isEqualTo("[\\p{Alpha}\\P{Digit}]");
        assertThat(RegexTranslator.compile("[[:alpha:]]+").matcher("é日").matches()).isTrue();
        assertThat(RegexTranslator.compile("\\p{Han}+").matcher("日本").matches()).isTrue();
    }

    @Test
    void whitespaceIsUnicodeWhiteSpaceAsInRust() {
        Pattern s = RegexTranslator.compile("\\s");
        // Rust regex / Oniguruma \s = Unicode White_Space: NEL, NBSP, ideographic space yes; BOM, ZWSP no.
        for (char c : new char[] {' ', '\t', '\n', '\u000b', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000',
                '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'}) {
            assertThat(s.matcher(String.valueOf(c)).matches()).as("U+%04X", (int) c).isTrue();
        }
        for (char c : new char[] {'\ufeff', '\u200b', 'a', '\u180e'}) {
            assertThat(s.matcher(String.valueOf(c)).matches()).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void splitPiecesAlwaysConcatenateBackToTheInput() {
        Pattern qwen = RegexTranslator.compile("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
                + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
        var p = new SplitPreTokenizer(qwen, SplitPreTokenizer.Behavior.ISOLATED, false);
        String alphabet = "ab Z9'\n\t\u3000é日🎬-.,";
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(30);
            while (sb.codePointCount(0, sb.length()) < len) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String text = sb.toString();
            List<String> pieces = split(p, text);
            assertThat(String.join("", pieces)).isEqualTo(text);
            assertThat(pieces).noneMatch(String::isEmpty);
        }
    }
}
