package org.videollm4j.synth;

import java.util.List;
import java.util.Locale;

/** What a card shows. A world holds at most one card of each kind, so "the digit card" is unique. */
public enum CardKind {
    DIGIT(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    LETTER(List.of("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N",
            "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z")), // no I and O: they read as 1 and 0
    WORD(List.of("CAT", "DOG", "SUN", "CUP", "HAT", "KEY", "MAP", "PEN", "BUS", "FOX", "BOX", "EGG"));

    private final List<String> texts;

    CardKind(List<String> texts) {
        this.texts = texts;
    }

    /** Every text a card of this kind can show (the closed answer set of a needle question). */
    public List<String> texts() {
        return texts;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
