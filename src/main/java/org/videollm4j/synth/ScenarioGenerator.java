package org.videollm4j.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a {@link Scenario} from a seed. Only {@link SplittableRandom} is used, whose sequence is
 * specified by the JDK, so a seed gives the same world on every JVM.
 *
 * <p>Layout: the needle card is placed first at the requested depth, 0..2 other cards (of the other
 * kinds, at most one per 30 s) at random free places; shapes then fill the time between cards one after another, separated
 * by gaps. Which shape/colour each slot gets is planted so the question kinds have subjects even in
 * long videos: one or two combinations that appear exactly once (order anchors), one or two that
 * appear a small number of times (count subjects), the rest from a small per-world "cast" where some
 * shapes come in a single colour (attribute subjects).
 */
final class ScenarioGenerator {
    private static final long GRID_MS = 250; // durations are multiples of this, so times print cleanly

    private ScenarioGenerator() {
    }

    static Scenario generate(SynthOptions o, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Pacing p = o.pacing();
        List<Scene> scenes = scenes(o, rng.split());
        List<CardEvent> cards = cards(o, rng.split());
        List<long[]> slots = shapeSlots(o.durationMs(), p, cards, rng.split());
        List<ShapeEvent> shapes = shapes(slots, rng.split());
        return new Scenario(o, seed, scenes, shapes, cards);
    }

    private static long draw(SplittableRandom rng, long min, long max) {
        long steps = (max - min) / GRID_MS;
        return min + GRID_MS * (steps <= 0 ? 0 : rng.nextLong(steps + 1));
    }

    private static List<Scene> scenes(SynthOptions o, SplittableRandom rng) {
        Pacing p = o.pacing();
        long total = o.durationMs();
        List<Scene> out = new ArrayList<>();
        long t = 0;
        BackgroundKind[] procedural = {BackgroundKind.GRADIENT, BackgroundKind.NOISE, BackgroundKind.STRIPES,
                BackgroundKind.CHECKER};
        while (t < total) {
            long end = Math.min(total, t + draw(rng, p.sceneMinMs(), p.sceneMaxMs()));
            if (total - end < p.sceneMinMs() / 2) {
                end = total; // no sliver of a scene at the end
            }
            BackgroundKind kind = rng.nextDouble() < o.videoBackgroundShare()
                    ? BackgroundKind.VIDEO : procedural[rng.nextInt(procedural.length)];
            float hue = rng.nextFloat();
            int a = mutedColour(rng, hue);
            int b = mutedColour(rng, (hue + 0.25f + 0.5f * rng.nextFloat()) % 1f);
            int detail = switch (kind) {
                case STRIPES -> 3 + rng.nextInt(6);
                case CHECKER -> 2 + rng.nextInt(5);
                case NOISE -> 3 + rng.nextInt(4);
                default -> 0;
            };
            out.add(new Scene(out.size(), t, end, kind, a, b, rng.nextDouble() * Math.PI, detail, rng.nextLong(),
                    rng.nextDouble() * 0.95));
            t = end;
        }
        return out;
    }

    /** Low saturation, middle brightness: never confusable with a shape colour or a white/black card. */
    private static int mutedColour(SplittableRandom rng, float hue) {
        float sat = 0.10f + 0.25f * rng.nextFloat();
        float bri = 0.35f + 0.35f * rng.nextFloat();
        return java.awt.Color.HSBtoRGB(hue, sat, bri) & 0xFFFFFF;
    }

    private static List<CardEvent> cards(SynthOptions o, SplittableRandom rng) {
        Pacing p = o.pacing();
        long total = o.durationMs();
        List<CardKind> kinds = new ArrayList<>(List.of(CardKind.values()));
        shuffle(kinds, rng);
        double depth = Double.isNaN(o.needleDepth()) ? rng.nextDouble() : o.needleDepth();
        long len = draw(rng, p.cardMinMs(), p.cardMaxMs());
        long start = Math.round(depth * (total - len));
        List<CardEvent> cards = new ArrayList<>();
        cards.add(card(kinds.get(0), start, len, true, rng));
        // one extra card per 30 s at most: short clips keep their time for shapes
        int extra = rng.nextInt((int) Math.min(p.extraCardsMax(), total / 30_000) + 1);
        long margin = p.gapMaxMs() + p.shapeMinMs(); // room for a shape between two cards
        for (int i = 1; i <= extra; i++) {
            long l = draw(rng, p.cardMinMs(), p.cardMaxMs());
            for (int attempt = 0; attempt < 20; attempt++) {
                long s = rng.nextLong(total - l + 1);
                boolean free = cards.stream().allMatch(c -> s + l + margin <= c.startMs() || s >= c.endMs() + margin);
                if (free) {
                    cards.add(card(kinds.get(i), s, l, false, rng));
                    break;
                }
            }
        }
        cards.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
        List<CardEvent> numbered = new ArrayList<>();
        for (CardEvent c : cards) {
            numbered.add(new CardEvent(numbered.size(), c.kind(), c.text(), c.startMs(), c.endMs(), c.inverted(), c.needle()));
        }
        return numbered;
    }

    private static CardEvent card(CardKind kind, long start, long len, boolean needle, SplittableRandom rng) {
        String text = kind.texts().get(rng.nextInt(kind.texts().size()));
        return new CardEvent(0, kind, text, start, start + len, rng.nextInt(4) == 0, needle);
    }

    /** Time slots [start, end) for shapes: between cards, separated from everything by a gap. */
    private static List<long[]> shapeSlots(long total, Pacing p, List<CardEvent> cards, SplittableRandom rng) {
        List<long[]> slots = new ArrayList<>();
        long t = draw(rng, 0, p.gapMaxMs());
        List<long[]> barriers = new ArrayList<>();
        for (CardEvent c : cards) {
            barriers.add(new long[] {c.startMs(), c.endMs()});
        }
        barriers.add(new long[] {total + p.gapMinMs(), Long.MAX_VALUE}); // the end of the video
        for (long[] barrier : barriers) {
            long limit = barrier[0] - p.gapMinMs();
            while (t + p.shapeMinMs() <= limit) {
                long end = Math.min(limit, t + draw(rng, p.shapeMinMs(), p.shapeMaxMs()));
                slots.add(new long[] {t, end});
                t = end + draw(rng, p.gapMinMs(), p.gapMaxMs());
            }
            if (barrier[1] != Long.MAX_VALUE) {
                t = Math.max(t, barrier[1] + draw(rng, p.gapMinMs(), p.gapMaxMs()));
            }
        }
        return slots;
    }

    private static List<ShapeEvent> shapes(List<long[]> slots, SplittableRandom rng) {
        int n = slots.size();
        List<int[]> combos = new ArrayList<>(); // {shape ordinal, colour ordinal}
        for (ShapeKind s : ShapeKind.values()) {
            for (ShapeColour c : ShapeColour.values()) {
                combos.add(new int[] {s.ordinal(), c.ordinal()});
            }
        }
        shuffle(combos, rng);
        // One shape keeps a single colour all video long (a subject for "what colour was the X"):
        // planted combinations never use it, and the cast gives it one colour.
        int mono = rng.nextInt(ShapeKind.values().length);
        List<int[]> plantable = new ArrayList<>(combos.stream().filter(c -> c[0] != mono).toList());
        List<int[]> sequence = new ArrayList<>();
        int next = 0;
        int singles = n >= 6 ? 1 + rng.nextInt(2) : (n >= 3 ? 1 : 0);
        for (int i = 0; i < singles; i++) {
            sequence.add(plantable.get(next++));
        }
        int counted = n >= 10 ? 1 + rng.nextInt(2) : (n >= 4 ? 1 : 0);
        for (int i = 0; i < counted; i++) {
            int times = 2 + rng.nextInt(Math.max(1, Math.min(5, n / 5 - 1)));
            int[] combo = plantable.get(next++);
            for (int k = 0; k < times; k++) {
                sequence.add(combo);
            }
        }
        List<int[]> planted = plantable.subList(0, next);
        List<int[]> free = combos.stream().filter(c -> !planted.contains(c)).toList();
        List<int[]> cast = cast(free, mono, rng);
        int castSize = Math.max(2, n / 2); // short worlds: a small cast, so combinations repeat and counts vary
        if (cast.size() > castSize) {
            shuffle(cast, rng);
            cast = new ArrayList<>(cast.subList(0, castSize));
        }
        double[] weights = new double[cast.size()];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.2 + rng.nextDouble();
            sum += weights[i];
        }
        while (sequence.size() < n) {
            double u = rng.nextDouble() * sum;
            int i = 0;
            while (i < weights.length - 1 && (u -= weights[i]) >= 0) {
                i++;
            }
            sequence.add(cast.get(i));
        }
        if (sequence.size() > n) {
            sequence = new ArrayList<>(sequence.subList(0, n)); // short worlds: planted subjects first
        }
        shuffle(sequence, rng);
        List<ShapeEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] c = sequence.get(i);
            out.add(motion(i, ShapeKind.values()[c[0]], ShapeColour.values()[c[1]], slots.get(i), rng));
        }
        return out;
    }

    /** One to three colours per shape, from the combinations not planted elsewhere. */
    private static List<int[]> cast(List<int[]> free, int mono, SplittableRandom rng) {
        List<int[]> cast = new ArrayList<>();
        for (ShapeKind s : ShapeKind.values()) {
            int want = s.ordinal() == mono ? 1 : 1 + rng.nextInt(3);
            for (int[] c : free) {
                if (c[0] == s.ordinal() && want > 0) {
                    cast.add(c);
                    want--;
                }
            }
        }
        return cast;
    }

    private static ShapeEvent motion(int id, ShapeKind shape, ShapeColour colour, long[] slot, SplittableRandom rng) {
        double r = 0.20 + 0.10 * rng.nextDouble();
        double lo = r + 0.02;
        double hi = 1 - r - 0.02;
        double x0 = lo + (hi - lo) * rng.nextDouble();
        double y0 = lo + (hi - lo) * rng.nextDouble();
        double dir = rng.nextDouble() * 2 * Math.PI;
        double dist = 0.05 + 0.25 * rng.nextDouble(); // slow: at most ~a third of the frame per lifetime
        double x1 = Math.max(lo, Math.min(hi, x0 + dist * Math.cos(dir)));
        double y1 = Math.max(lo, Math.min(hi, y0 + dist * Math.sin(dir)));
        return new ShapeEvent(id, shape, colour, slot[0], slot[1], x0, y0, x1, y1, r);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
