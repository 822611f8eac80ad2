package org.videollm4j.synth;

import org.videollm4j.image.RgbImage;

/** Frames of a real video used as scene backgrounds ({@link BackgroundKind#VIDEO}). */
public interface BackgroundSource {
    /**
     * The frame at {@code fraction} (0..1) of the source's duration, centre-cropped and scaled to w x h.
     */
    RgbImage frame(double fraction, int width, int height);
}
