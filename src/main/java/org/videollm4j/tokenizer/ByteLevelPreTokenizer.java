package org.videollm4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HF {@code pre_tokenizers::byte_level::ByteLevel}: optionally puts a space before each piece that does not
 * start with one, optionally splits it with GPT-2's regex (Isolated), then writes every piece's UTF-8 bytes as
 * byte-level characters ({@link ByteLevel}).
 */
final class ByteLevelPreTokenizer implements PreTokenizer {
    /** GPT-2's pre-tokenisation regex, as in {@code byte_level.rs}. */
    static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private final boolean addPrefixSpace;
    private final PreTokenizer regexSplit; // null when use_regex is false

    ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.regexSplit = useRegex
                ? new SplitPreTokenizer(RegexTranslator.compile(GPT2_REGEX), SplitPreTokenizer.Behavior.ISOLATED, false)
                : null;
    }

    @Override
    public void split(String piece, List<String> out) {
        if (piece.isEmpty()) {
            return;
        }
        String text = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
        if (regexSplit == null) {
            out.add(ByteLevel.encode(text));
            return;
        }
        List<String> parts = new ArrayList<>();
        regexSplit.split(text, parts);
        for (String p : parts) {
            out.add(ByteLevel.encode(p));
        }
    }
}
