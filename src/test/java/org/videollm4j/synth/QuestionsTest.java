package org.videollm4j.synth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every answer is re-derived here from the raw timeline, with logic independent of {@link Questions}. */
class QuestionsTest {
    private static final Pattern NEEDLE = Pattern.compile("What (digit|letter|word) was shown on the card\\?");
    private static final Pattern COLOUR_OF = Pattern.compile("What colour was the (\\w+)\\?");
    private static final Pattern SHAPE_OF = Pattern.compile("What shape was (\\w+)\\?");
    private static final Pattern AFTER_SHAPE = Pattern.compile("Which shape appeared right after the (.+)\\?");
    private static final Pattern AFTER_COLOUR = Pattern.compile("What colour was the shape right after the (.+)\\?");
    private static final Pattern COUNT_COMBO = Pattern.compile("How many times did the (\\w+) (\\w+) appear\\?");
    private static final Pattern COUNT_SHAPE = Pattern.compile("How many times did a (\\w+) appear\\?");

    @Test
    void everyAnswerFollowsFromTheTimeline() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 250; trial++) {
            double seconds = 4 + r.nextDouble() * (trial % 2 == 0 ? 60 : 1200);
            Scenario s = Scenario.generate(SynthOptions.ofSeconds(seconds), r.nextLong());
            List<Question> qs = Questions.generate(s, EnumSet.allOf(QuestionKind.class), new SplittableRandom(trial), 50);
            for (Question q : qs) {
                check(s, q);
            }
        }
    }

    private static void check(Scenario s, Question q) {
        Matcher m;
        String expected;
        List<TimedEvent> evidence;
        String text = q.question();
        if ((m = NEEDLE.matcher(text)).matches()) {
            String kind = m.group(1);
            List<CardEvent> cards = s.cards().stream().filter(c -> c.kind().word().equals(kind)).toList();
            assertThat(cards).as(text).hasSize(1);
            expected = cards.getFirst().text();
            evidence = List.copyOf(cards);
            assertThat(q.needleDepth()).isEqualTo(cards.getFirst().depthIn(s.durationMs()));
        } else if ((m = COLOUR_OF.matcher(text)).matches()) {
            String shape = m.group(1);
            List<ShapeEvent> ev = s.shapes().stream().filter(e -> e.shape().word().equals(shape)).toList();
            assertThat(ev.stream().map(ShapeEvent::colour).distinct().count()).as(text).isEqualTo(1);
            expected = ev.getFirst().colour().word();
            evidence = List.copyOf(ev);
        } else if ((m = SHAPE_OF.matcher(text)).matches()) {
            String colour = m.group(1);
            List<ShapeEvent> ev = s.shapes().stream().filter(e -> e.colour().word().equals(colour)).toList();
            assertThat(ev.stream().map(ShapeEvent::shape).distinct().count()).as(text).isEqualTo(1);
            expected = ev.getFirst().shape().word();
            evidence = List.copyOf(ev);
        } else if ((m = AFTER_SHAPE.matcher(text)).matches() || (m = AFTER_COLOUR.matcher(text)).matches()) {
            boolean askShape = text.startsWith("Which shape");
            TimedEvent anchor = uniqueAnchor(s, m.group(1), text);
            ShapeEvent next = nextEventIsShape(s, anchor, text);
            expected = askShape ? next.shape().word() : next.colour().word();
            evidence = List.of(anchor, next);
        } else if ((m = COUNT_COMBO.matcher(text)).matches()) {
            String colour = m.group(1);
            String shape = m.group(2);
            List<ShapeEvent> ev = s.shapes().stream()
                    .filter(e -> e.colour().word().equals(colour) && e.shape().word().equals(shape)).toList();
            expected = Integer.toString(ev.size());
            evidence = List.copyOf(ev);
        } else if ((m = COUNT_SHAPE.matcher(text)).matches()) {
            String shape = m.group(1);
            List<ShapeEvent> ev = s.shapes().stream().filter(e -> e.shape().word().equals(shape)).toList();
            expected = Integer.toString(ev.size());
            evidence = List.copyOf(ev);
        } else {
            fail("unrecognised question: " + text);
            return;
        }
        assertThat(q.answer()).as(text).isEqualTo(expected);
        assertThat(q.evidence()).as(text).isEqualTo(evidence);
        assertThat(q.options()).contains(q.answer());
        if (q.kind() == QuestionKind.COUNT) {
            assertThat(Integer.parseInt(q.answer())).isBetween(1, 9);
        }
    }

    private static TimedEvent uniqueAnchor(Scenario s, String name, String text) {
        List<TimedEvent> found = new ArrayList<>();
        if (name.endsWith(" card")) {
            String kind = name.substring(0, name.length() - " card".length());
            s.cards().stream().filter(c -> c.kind().word().equals(kind)).forEach(found::add);
        } else {
            s.shapes().stream().filter(e -> (e.colour().word() + " " + e.shape().word()).equals(name)).forEach(found::add);
        }
        assertThat(found).as("anchor of %s", text).hasSize(1);
        return found.getFirst();
    }

    private static ShapeEvent nextEventIsShape(Scenario s, TimedEvent anchor, String text) {
        List<TimedEvent> later = new ArrayList<>();
        s.shapes().stream().filter(e -> e.startMs() > anchor.startMs()).forEach(later::add);
        s.cards().stream().filter(e -> e.startMs() > anchor.startMs()).forEach(later::add);
        TimedEvent next = later.stream().min(Comparator.comparingLong(TimedEvent::startMs)).orElseThrow();
        // "right after" is only meaningful if nothing overlaps the anchor
        assertThat(next.startMs()).as(text).isGreaterThanOrEqualTo(anchor.endMs());
        assertThat(next).as(text).isInstanceOf(ShapeEvent.class);
        return (ShapeEvent) next;
    }

    @Test
    void longVideosOfferEveryKind() {
        Map<QuestionKind, Integer> worldsWithKind = new EnumMap<>(QuestionKind.class);
        int worlds = 60;
        for (int seed = 0; seed < worlds; seed++) {
            Scenario s = Scenario.generate(SynthOptions.ofSeconds(600), seed);
            Questions.generate(s, EnumSet.allOf(QuestionKind.class), new SplittableRandom(seed)).stream()
                    .map(Question::kind).distinct().forEach(k -> worldsWithKind.merge(k, 1, Integer::sum));
        }
        for (QuestionKind k : QuestionKind.values()) {
            assertThat(worldsWithKind.getOrDefault(k, 0)).as("10-minute worlds with a %s question", k)
                    .isGreaterThanOrEqualTo(worlds * 9 / 10);
        }
    }

    @Test
    void kindsAndCapsAreRespected() {
        Scenario s = Scenario.generate(SynthOptions.ofSeconds(900), 3);
        List<Question> only = Questions.generate(s, Set.of(QuestionKind.COUNT, QuestionKind.NEEDLE), new SplittableRandom(1), 2);
        assertThat(only).extracting(Question::kind).containsOnly(QuestionKind.COUNT, QuestionKind.NEEDLE);
        assertThat(only.stream().filter(q -> q.kind() == QuestionKind.COUNT)).hasSizeLessThanOrEqualTo(2);
        // the needle card's question survives any cap
        List<Question> one = Questions.generate(s, Set.of(QuestionKind.NEEDLE), new SplittableRandom(1), 1);
        assertThat(one).hasSize(1);
        assertThat(one.getFirst().answer()).isEqualTo(s.needle().text());
    }

    @Test
    void parseListNamesTheUnknownKind() {
        assertThat(QuestionKind.parseList("needle, COUNT")).containsExactlyInAnyOrder(QuestionKind.NEEDLE, QuestionKind.COUNT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuestionKind.parseList("needle,colour"))
                .hasMessageContaining("'colour'");
    }
}
