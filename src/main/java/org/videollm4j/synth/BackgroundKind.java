package org.videollm4j.synth;

import java.util.Locale;

/** How a scene's background is made: procedurally, or from a frame of a real video. */
public enum BackgroundKind {
    GRADIENT, NOISE, STRIPES, CHECKER, VIDEO;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
