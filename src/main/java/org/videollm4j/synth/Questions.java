package org.videollm4j.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Questions about a world, derived purely from its timeline and unambiguous by construction: a
 * question is only asked when its subject is unique (a colour question only about a shape that came
 * in one colour, an order question only after an event that happened once and was directly followed
 * by a shape, counts only from 1 to {@link #MAX_COUNT}).
 */
public final class Questions {
    public static final int DEFAULT_MAX_PER_KIND = 4;
    public static final int MAX_COUNT = 9;

    private Questions() {
    }

    public static List<Question> generate(Scenario s, Set<QuestionKind> kinds, RandomGenerator rng) {
        return generate(s, kinds, rng, DEFAULT_MAX_PER_KIND);
    }

    /**
     * At most {@code maxPerKind} questions of each requested kind, in the order of {@link QuestionKind};
     * when more are possible, a random subset (the needle card's question is always kept).
     */
    public static List<Question> generate(Scenario s, Set<QuestionKind> kinds, RandomGenerator rng, int maxPerKind) {
        if (maxPerKind < 1) {
            throw new IllegalArgumentException("maxPerKind must be at least 1, got " + maxPerKind);
        }
        List<Question> out = new ArrayList<>();
        for (QuestionKind k : QuestionKind.values()) {
            if (!kinds.contains(k)) {
                continue;
            }
            List<Question> all = switch (k) {
                case NEEDLE -> needle(s);
                case ATTRIBUTE -> attribute(s);
                case ORDER -> order(s, rng);
                case COUNT -> count(s);
            };
            out.addAll(pick(all, maxPerKind, k == QuestionKind.NEEDLE, rng));
        }
        return out;
    }

    private static List<Question> pick(List<Question> all, int max, boolean keepFirst, RandomGenerator rng) {
        if (all.size() <= max) {
            return all;
        }
        List<Question> rest = new ArrayList<>(all.subList(keepFirst ? 1 : 0, all.size()));
        for (int i = rest.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            rest.set(i, rest.set(j, rest.get(i)));
        }
        List<Question> chosen = new ArrayList<>();
        if (keepFirst) {
            chosen.add(all.getFirst());
        }
        chosen.addAll(rest.subList(0, max - chosen.size()));
        chosen.sort(Comparator.comparingLong(q -> q.evidence().getFirst().startMs()));
        return chosen;
    }

    private static List<Question> needle(Scenario s) {
        List<Question> out = new ArrayList<>();
        List<CardEvent> cards = new ArrayList<>(s.cards());
        cards.sort(Comparator.comparing(c -> !c.needle())); // the needle first
        for (CardEvent c : cards) {
            out.add(new Question(QuestionKind.NEEDLE, "What " + c.kind().word() + " was shown on the card?",
                    c.text(), List.of(c), c.depthIn(s.durationMs()), c.kind().texts()));
        }
        return out;
    }

    private static List<Question> attribute(Scenario s) {
        List<Question> out = new ArrayList<>();
        for (ShapeKind shape : ShapeKind.values()) {
            List<ShapeEvent> ev = s.shapes().stream().filter(e -> e.shape() == shape).toList();
            if (!ev.isEmpty() && ev.stream().allMatch(e -> e.colour() == ev.getFirst().colour())) {
                out.add(new Question(QuestionKind.ATTRIBUTE, "What colour was the " + shape.word() + "?",
                        ev.getFirst().colour().word(), List.copyOf(ev), Double.NaN, colourWords()));
            }
        }
        for (ShapeColour colour : ShapeColour.values()) {
            List<ShapeEvent> ev = s.shapes().stream().filter(e -> e.colour() == colour).toList();
            if (!ev.isEmpty() && ev.stream().allMatch(e -> e.shape() == ev.getFirst().shape())) {
                out.add(new Question(QuestionKind.ATTRIBUTE, "What shape was " + colour.word() + "?",
                        ev.getFirst().shape().word(), List.copyOf(ev), Double.NaN, shapeWords()));
            }
        }
        return out;
    }

    private static List<Question> order(Scenario s, RandomGenerator rng) {
        Map<String, Integer> times = comboCounts(s);
        List<TimedEvent> events = s.events();
        List<Question> out = new ArrayList<>();
        for (int i = 0; i + 1 < events.size(); i++) {
            TimedEvent anchor = events.get(i);
            if (!(events.get(i + 1) instanceof ShapeEvent next)) {
                continue;
            }
            String name = switch (anchor) {
                case ShapeEvent a -> times.get(a.label()) == 1 ? "the " + a.label() : null;
                case CardEvent c -> "the " + c.kind().word() + " card"; // one card per kind
            };
            if (name == null) {
                continue;
            }
            boolean askShape = rng.nextBoolean();
            out.add(askShape
                    ? new Question(QuestionKind.ORDER, "Which shape appeared right after " + name + "?",
                            next.shape().word(), List.of(anchor, next), Double.NaN, shapeWords())
                    : new Question(QuestionKind.ORDER, "What colour was the shape right after " + name + "?",
                            next.colour().word(), List.of(anchor, next), Double.NaN, colourWords()));
        }
        return out;
    }

    private static List<Question> count(Scenario s) {
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= MAX_COUNT; i++) {
            numbers.add(Integer.toString(i));
        }
        List<Question> out = new ArrayList<>();
        Map<String, List<TimedEvent>> byLabel = new LinkedHashMap<>();
        Map<ShapeKind, List<TimedEvent>> byShape = new EnumMap<>(ShapeKind.class);
        for (ShapeEvent e : s.shapes()) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
            byShape.computeIfAbsent(e.shape(), k -> new ArrayList<>()).add(e);
        }
        byLabel.forEach((label, ev) -> {
            if (ev.size() <= MAX_COUNT) {
                out.add(new Question(QuestionKind.COUNT, "How many times did the " + label + " appear?",
                        Integer.toString(ev.size()), ev, Double.NaN, numbers));
            }
        });
        byShape.forEach((shape, ev) -> {
            if (ev.size() <= MAX_COUNT) {
                out.add(new Question(QuestionKind.COUNT, "How many times did a " + shape.word() + " appear?",
                        Integer.toString(ev.size()), ev, Double.NaN, numbers));
            }
        });
        out.sort(Comparator.comparingLong(q -> q.evidence().getFirst().startMs()));
        return out;
    }

    private static Map<String, Integer> comboCounts(Scenario s) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (ShapeEvent e : s.shapes()) {
            m.merge(e.label(), 1, Integer::sum);
        }
        return m;
    }

    private static List<String> colourWords() {
        return java.util.Arrays.stream(ShapeColour.values()).map(ShapeColour::word).toList();
    }

    private static List<String> shapeWords() {
        return java.util.Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList();
    }
}
