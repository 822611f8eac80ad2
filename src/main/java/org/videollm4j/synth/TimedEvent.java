package org.videollm4j.synth;

/** Something on screen during [startMs, endMs). */
public sealed interface TimedEvent permits ShapeEvent, CardEvent {
    long startMs();

    long endMs();

    /**
     * Whether the event is on screen at time t (seconds): start inclusive, end exclusive. Compared in
     * whole microseconds, so {@code visibleAt(startSeconds())} holds despite binary rounding of ms / 1000.
     */
    default boolean visibleAt(double tSeconds) {
        long us = micros(tSeconds);
        return us >= startMs() * 1000 && us < endMs() * 1000;
    }

    static long micros(double tSeconds) {
        return Math.round(tSeconds * 1e6);
    }

    default double startSeconds() {
        return startMs() / 1000.0;
    }

    default double endSeconds() {
        return endMs() / 1000.0;
    }
}
