package org.videollm4j.synth;

/** Something on screen during [startMs, endMs). */
public sealed interface TimedEvent permits ShapeEvent, CardEvent {
    long startMs();

    long endMs();

    /** Whether the event is on screen at time t (seconds): start inclusive, end exclusive. */
    default boolean visibleAt(double tSeconds) {
        double ms = tSeconds * 1000.0;
        return ms >= startMs() && ms < endMs();
    }

    default double startSeconds() {
        return startMs() / 1000.0;
    }

    default double endSeconds() {
        return endMs() / 1000.0;
    }
}
