package org.videollm4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of pre-tokenisation: splits a piece of (normalised) text into smaller pieces, which BPE then
 * encodes separately. Empty pieces are never emitted (HF tokenizers drops them too).
 */
interface PreTokenizer {
    /** Appends the pieces of {@code piece} to {@code out}. */
    void split(String piece, List<String> out);

    /** HF {@code pre_tokenizers::sequence::Sequence}: each step splits every piece of the previous one. */
    static PreTokenizer sequence(List<PreTokenizer> steps) {
        List<PreTokenizer> copy = List.copyOf(steps);
        return (piece, out) -> {
            List<String> current = List.of(piece);
            for (PreTokenizer step : copy) {
                List<String> next = new ArrayList<>(current.size() * 2 + 4);
                for (String p : current) {
                    step.split(p, next);
                }
                current = next;
            }
            out.addAll(current);
        };
    }

    PreTokenizer NONE = (piece, out) -> {
        if (!piece.isEmpty()) {
            out.add(piece);
        }
    };
}
