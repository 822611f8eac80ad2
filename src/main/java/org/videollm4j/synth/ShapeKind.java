package org.videollm4j.synth;

import java.util.Locale;

/** The shapes of the synthetic world; chosen to stay distinguishable at 32x32 pixels. */
public enum ShapeKind {
    CIRCLE, SQUARE, TRIANGLE, STAR, CROSS;

    /** The word used in questions, answers and captions, e.g. "circle". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
