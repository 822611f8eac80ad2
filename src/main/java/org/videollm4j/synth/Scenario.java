package org.videollm4j.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic world: a seeded timeline of scenes, shapes and cards. Pure data; rendering is
 * {@link FrameRenderer}'s job and questions are {@link Questions}'. At most one event (a shape or a
 * card) is on screen at any time, so "what appeared next" is always well defined.
 *
 * @param scenes partition [0, duration) in time order
 * @param shapes shape events in time order
 * @param cards  card events in time order, at most one per {@link CardKind}; exactly one is the needle
 */
public record Scenario(SynthOptions options, long seed, List<Scene> scenes, List<ShapeEvent> shapes,
                       List<CardEvent> cards) {

    public Scenario {
        scenes = List.copyOf(scenes);
        shapes = List.copyOf(shapes);
        cards = List.copyOf(cards);
    }

    /** The world for these options and seed; the same arguments always give the same world. */
    public static Scenario generate(SynthOptions options, long seed) {
        return ScenarioGenerator.generate(options, seed);
    }

    public long durationMs() {
        return options.durationMs();
    }

    /** Scene on screen at time t (seconds); the last scene for t at or past the end. */
    public Scene sceneAt(double tSeconds) {
        for (Scene s : scenes) {
            if (s.contains(tSeconds)) {
                return s;
            }
        }
        return scenes.getLast();
    }

    public List<ShapeEvent> shapesAt(double tSeconds) {
        List<ShapeEvent> out = new ArrayList<>(1);
        for (ShapeEvent e : shapes) {
            if (e.visibleAt(tSeconds)) {
                out.add(e);
            }
        }
        return out;
    }

    public List<CardEvent> cardsAt(double tSeconds) {
        List<CardEvent> out = new ArrayList<>(1);
        for (CardEvent c : cards) {
            if (c.visibleAt(tSeconds)) {
                out.add(c);
            }
        }
        return out;
    }

    public CardEvent needle() {
        return cards.stream().filter(CardEvent::needle).findFirst()
                .orElseThrow(() -> new IllegalStateException("world has no needle card"));
    }

    /** Shapes and cards together, sorted by start time. */
    public List<TimedEvent> events() {
        List<TimedEvent> all = new ArrayList<>(shapes);
        all.addAll(cards);
        all.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
        return all;
    }

    /** What is on screen at time t: for dense-caption training and for analysis. */
    public FrameCaption captionAt(double tSeconds) {
        return new FrameCaption(tSeconds, sceneAt(tSeconds), shapesAt(tSeconds), cardsAt(tSeconds));
    }
}
