package org.videollm4j.tokenizer;

import java.text.Normalizer;
import java.util.List;

/**
 * The {@code normalizer} of tokenizer.json: the identity (null), a Unicode normal form, or a sequence of
 * them applied in order (HF tokenizers {@code normalizers/unicode.rs}, {@code normalizers/utils.rs}).
 */
interface TextNormalizer {
    TextNormalizer IDENTITY = text -> text;

    String normalize(String text);

    static TextNormalizer unicode(Normalizer.Form form) {
        return text -> Normalizer.isNormalized(text, form) ? text : Normalizer.normalize(text, form);
    }

    static TextNormalizer sequence(List<TextNormalizer> steps) {
        List<TextNormalizer> copy = List.copyOf(steps);
        return text -> {
            String s = text;
            for (TextNormalizer step : copy) {
                s = step.normalize(s);
            }
            return s;
        };
    }
}
