package org.videollm4j.synth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of questions asked about a synthetic world. */
public enum QuestionKind {
    /** What was on the (digit / letter / word) card: retrieval of a brief event. */
    NEEDLE,
    /** What colour was the shape X, or what shape was the colour-Y one. */
    ATTRIBUTE,
    /** Which shape (or colour) came right after an event. */
    ORDER,
    /** How many times did the colour-Y shape-X appear. */
    COUNT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list such as "needle,count".
     *
     * @throws IllegalArgumentException naming the unknown value and the known ones
     */
    public static Set<QuestionKind> parseList(String list) {
        Set<QuestionKind> kinds = EnumSet.noneOf(QuestionKind.class);
        for (String part : list.split(",", -1)) {
            String p = part.trim();
            QuestionKind found = null;
            for (QuestionKind k : values()) {
                if (k.word().equals(p.toLowerCase(Locale.ROOT))) {
                    found = k;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown question kind '" + p
                        + "' (known: needle, attribute, order, count)");
            }
            kinds.add(found);
        }
        return kinds;
    }
}
