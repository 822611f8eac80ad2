package org.videollm4j.synth;

/**
 * A card: a plain panel covering most of the frame with one big digit, letter or short word on it,
 * shown during [startMs, endMs). {@code inverted} = white text on black instead of black on white.
 * {@code needle} marks the card placed at the requested needle depth.
 */
public record CardEvent(int id, CardKind kind, String text, long startMs, long endMs, boolean inverted,
                        boolean needle) implements TimedEvent {

    public CardEvent {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("card " + id + " ends (" + endMs + ") before it starts (" + startMs + ")");
        }
        if (!kind.texts().contains(text)) {
            throw new IllegalArgumentException("card " + id + ": '" + text + "' is not a " + kind.word());
        }
    }

    /** Needle depth of this card in a world of the given length: 0 = at the start, 1 = ends at the end. */
    public double depthIn(long durationMs) {
        long span = durationMs - (endMs - startMs);
        return span <= 0 ? 0 : (double) startMs / span;
    }
}
