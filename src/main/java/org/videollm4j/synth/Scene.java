package org.videollm4j.synth;

/**
 * A stretch of the world with one background, during [startMs, endMs).
 *
 * @param colourA        first background colour, 0xRRGGBB (muted)
 * @param colourB        second background colour, 0xRRGGBB (muted)
 * @param angle          direction of gradient / stripes, radians
 * @param detail         stripe count, checker cells per side or noise grid size
 * @param textureSeed    seed of the noise texture
 * @param sourceFraction for {@link BackgroundKind#VIDEO}: where in the source video to take the frame (0..1)
 */
public record Scene(int index, long startMs, long endMs, BackgroundKind background, int colourA, int colourB,
                    double angle, int detail, long textureSeed, double sourceFraction) {

    public Scene {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("scene " + index + " ends (" + endMs + ") before it starts (" + startMs + ")");
        }
    }

    public double startSeconds() {
        return startMs / 1000.0;
    }

    public boolean contains(double tSeconds) {
        long us = TimedEvent.micros(tSeconds);
        return us >= startMs * 1000 && us < endMs * 1000;
    }
}
