package org.videollm4j.synth;

import java.util.ArrayList;
import java.util.List;

/** What is visible in the frame at one time: a per-frame target for dense-caption training. */
public record FrameCaption(double tSeconds, Scene scene, List<ShapeEvent> shapes, List<CardEvent> cards) {

    public FrameCaption {
        shapes = List.copyOf(shapes);
        cards = List.copyOf(cards);
    }

    /** A short description, e.g. "red circle", "digit card 7", or "nothing". */
    public String text() {
        List<String> parts = new ArrayList<>();
        for (ShapeEvent s : shapes) {
            parts.add(s.label());
        }
        for (CardEvent c : cards) {
            parts.add(c.kind().word() + " card " + c.text());
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
