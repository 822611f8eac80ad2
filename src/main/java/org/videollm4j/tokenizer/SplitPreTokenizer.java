package org.videollm4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HF {@code pre_tokenizers::split::Split}: the pattern's matches are delimiters; {@code behavior} says what
 * becomes of them ({@code tokenizers/src/tokenizer/normalizer.rs}, {@code NormalizedString::split}):
 * Removed drops them, Isolated keeps each as its own piece, MergedWithPrevious / MergedWithNext glue each
 * to the piece before / after it, Contiguous keeps runs of adjacent delimiters as one piece.
 * {@code invert} swaps the roles of matches and the text between them.
 */
final class SplitPreTokenizer implements PreTokenizer {
    enum Behavior { REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        /** Parses HF's spelling ("MergedWithPrevious"); null if unknown. */
        static Behavior parse(String name) {
            String upper = name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            for (Behavior b : values()) {
                if (b.name().equals(upper)) {
                    return b;
                }
            }
            return null;
        }
    }

    private final Pattern pattern;
    private final Behavior behavior;
    private final boolean invert;

    SplitPreTokenizer(Pattern pattern, Behavior behavior, boolean invert) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.invert = invert;
    }

    @Override
    public void split(String text, List<String> out) {
        if (text.isEmpty()) {
            return;
        }
        // Cover the text with (start, end, isDelimiter) spans, as Pattern::find_matches does.
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int prev = 0;
        while (m.find()) {
            if (m.start() == m.end()) {
                continue; // an empty match splits nothing
            }
            if (prev != m.start()) {
                spans.add(new int[] {prev, m.start(), invert ? 1 : 0});
            }
            spans.add(new int[] {m.start(), m.end(), invert ? 0 : 1});
            prev = m.end();
        }
        if (prev != text.length()) {
            spans.add(new int[] {prev, text.length(), invert ? 1 : 0});
        }
        emit(text, spans, out);
    }

    private void emit(String text, List<int[]> spans, List<String> out) {
        int pendingStart = -1; // start of a piece still growing (merged / contiguous)
        int pendingEnd = -1;
        boolean pendingIsDelimiter = false;
        for (int[] s : spans) {
            boolean delim = s[2] == 1;
            switch (behavior) {
                case REMOVED -> {
                    if (!delim) {
                        out.add(text.substring(s[0], s[1]));
                    }
                }
                case ISOLATED -> out.add(text.substring(s[0], s[1]));
                case MERGED_WITH_PREVIOUS -> {
                    // a delimiter joins the piece before it unless that piece is itself a delimiter
                    if (delim && pendingStart >= 0 && !pendingIsDelimiter) {
                        pendingEnd = s[1];
                    } else {
                        flush(text, pendingStart, pendingEnd, out);
                        pendingStart = s[0];
                        pendingEnd = s[1];
                    }
                    pendingIsDelimiter = delim;
                }
                case MERGED_WITH_NEXT -> {
                    // a delimiter joins the piece after it unless that piece is itself a delimiter
                    if (pendingStart >= 0 && pendingIsDelimiter && !delim) {
                        pendingEnd = s[1];
                    } else {
                        flush(text, pendingStart, pendingEnd, out);
                        pendingStart = s[0];
                        pendingEnd = s[1];
                    }
                    pendingIsDelimiter = delim;
                }
                case CONTIGUOUS -> {
                    if (pendingStart >= 0 && delim && pendingIsDelimiter) {
                        pendingEnd = s[1];
                    } else {
                        flush(text, pendingStart, pendingEnd, out);
                        pendingStart = s[0];
                        pendingEnd = s[1];
                    }
                    pendingIsDelimiter = delim;
                }
            }
        }
        flush(text, pendingStart, pendingEnd, out);
    }

    private static void flush(String text, int start, int end, List<String> out) {
        if (start >= 0 && end > start) {
            out.add(text.substring(start, end));
        }
    }
}
