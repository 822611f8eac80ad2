package org.videollm4j.synth;

import java.util.Locale;

/**
 * The saturated colours shapes are painted in. Backgrounds use muted colours only (see
 * {@link Backgrounds}), so a shape always stands out, also after downscaling and yuv420p chroma
 * subsampling.
 */
public enum ShapeColour {
    RED(225, 25, 25),
    GREEN(20, 185, 40),
    BLUE(30, 70, 240),
    YELLOW(250, 225, 10),
    PURPLE(155, 40, 210),
    ORANGE(255, 135, 0);

    private final int r;
    private final int g;
    private final int b;

    ShapeColour(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    /** 0xRRGGBB. */
    public int rgb() {
        return (r << 16) | (g << 8) | b;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
