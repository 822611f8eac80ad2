package org.videollm4j.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds added tokens in text before anything else runs, as HF's {@code AddedVocabulary::extract_and_normalize}:
 * tokens with {@code normalized=false} are matched in the raw text, then each stretch between them is
 * normalised and the {@code normalized=true} tokens are matched in it. Matching is leftmost-longest and
 * non-overlapping (HF uses Aho-Corasick with {@code MatchKind::LeftmostLongest}).
 */
final class AddedTokenMatcher {
    /** A piece of the input: an added token ({@code id >= 0}) or text still to be encoded ({@code id == -1}). */
    record Piece(String text, int id) {
    }

    private static final Pattern WORD_CHAR = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACE_CHAR = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<Character, List<AddedToken>> rawByFirstChar;        // longest first
    private final Map<Character, List<AddedToken>> normalizedByFirstChar; // longest first
    private final TextNormalizer normalizer;

    AddedTokenMatcher(List<AddedToken> tokens, TextNormalizer normalizer) {
        this.rawByFirstChar = index(tokens, false);
        this.normalizedByFirstChar = index(tokens, true);
        this.normalizer = normalizer;
    }

    private static Map<Character, List<AddedToken>> index(List<AddedToken> tokens, boolean normalized) {
        Map<Character, List<AddedToken>> map = new HashMap<>();
        for (AddedToken t : tokens) {
            if (t.normalized() == normalized) {
                map.computeIfAbsent(t.content().charAt(0), c -> new ArrayList<>()).add(t);
            }
        }
        map.values().forEach(list -> list.sort(Comparator.comparingInt((AddedToken t) -> t.content().length())
                .reversed()));
        return map;
    }

    /** Splits {@code text} into added tokens and normalised text pieces, in order. */
    List<Piece> split(String text) {
        List<Piece> out = new ArrayList<>();
        for (Piece p : match(text, rawByFirstChar)) {
            if (p.id() >= 0) {
                out.add(p);
            } else {
                String normalized = normalizer.normalize(p.text());
                if (normalizedByFirstChar.isEmpty()) {
                    out.add(new Piece(normalized, -1));
                } else {
                    out.addAll(match(normalized, normalizedByFirstChar));
                }
            }
        }
        return out;
    }

    private static List<Piece> match(String s, Map<Character, List<AddedToken>> byFirst) {
        if (byFirst.isEmpty()) {
            return List.of(new Piece(s, -1));
        }
        List<Piece> out = new ArrayList<>();
        int startOffset = 0; // end of the last emitted piece
        int pos = 0;
        while (pos < s.length()) {
            AddedToken found = longestAt(s, pos, byFirst.get(s.charAt(pos)));
            if (found == null) {
                pos++;
                continue;
            }
            int start = pos;
            int stop = pos + found.content().length();
            pos = stop;
            if (found.singleWord()) {
                boolean spaceBefore = start == 0 || !isMatchingChar(WORD_CHAR, s.codePointBefore(start));
                boolean spaceAfter = stop == s.length() || !isMatchingChar(WORD_CHAR, s.codePointAt(stop));
                if (!spaceBefore || !spaceAfter) {
                    continue;
                }
            }
            if (found.lstrip()) {
                int newStart = start;
                while (newStart > 0 && isMatchingChar(SPACE_CHAR, s.codePointBefore(newStart))) {
                    newStart -= Character.charCount(s.codePointBefore(newStart));
                }
                start = Math.max(newStart, startOffset); // spaces an earlier match swallowed stay with it
            }
            if (found.rstrip()) {
                while (stop < s.length() && isMatchingChar(SPACE_CHAR, s.codePointAt(stop))) {
                    stop += Character.charCount(s.codePointAt(stop));
                }
                pos = stop;
            }
            if (startOffset < start) {
                out.add(new Piece(s.substring(startOffset, start), -1));
            }
            out.add(new Piece(s.substring(start, stop), found.id()));
            startOffset = stop;
        }
        if (startOffset < s.length()) {
            out.add(new Piece(s.substring(startOffset), -1));
        }
        return out;
    }

    private static AddedToken longestAt(String s, int pos, List<AddedToken> candidates) {
        if (candidates == null) {
            return null;
        }
        for (AddedToken t : candidates) {
            if (s.startsWith(t.content(), pos)) {
                return t;
            }
        }
        return null;
    }

    private static boolean isMatchingChar(Pattern p, int codePoint) {
        return p.matcher(Character.toString(codePoint)).matches();
    }
}
