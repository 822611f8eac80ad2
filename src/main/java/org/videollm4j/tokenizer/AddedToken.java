package org.videollm4j.tokenizer;

/**
 * One entry of {@code added_tokens} in tokenizer.json. Flags as in HF {@code tokenizer/added_vocabulary.rs}:
 * {@code singleWord} only matches when not inside a word; {@code lstrip}/{@code rstrip} swallow the whitespace
 * to the left/right of a match; {@code normalized} tokens are matched in the normalised text, the others in
 * the raw text; {@code special} tokens can be skipped when decoding.
 */
public record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip,
                         boolean singleWord, boolean normalized) {
    public AddedToken {
        if (id < 0) {
            throw new IllegalArgumentException("added token id must be >= 0, got " + id);
        }
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("added token " + id + " has empty content");
        }
    }
}
