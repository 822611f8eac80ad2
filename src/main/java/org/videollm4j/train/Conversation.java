package org.videollm4j.train;

import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.VideoText;
import org.videollm4j.synth.CardEvent;
import org.videollm4j.synth.FrameCaption;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.Scenario;
import org.videollm4j.synth.ShapeEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The supervised conversation about one training video: several question/answer turns (every answer is a
 * target) and, last, a transcript of what the sampled frames show. Dense supervision is what lets a tiny model
 * learn to find the right frame quickly (see ../shared/research/demo-model-trial.md: one answer token per video
 * learns far too slowly). The transcript comes after the questions so no answer can be read off it, or first,
 * for a model that is asked to describe the video before it answers.
 *
 * @param turns question/answer pairs in the order asked; the first question goes with the video
 */
public record Conversation(List<Turn> turns) {

    /** The request that asks for the transcript (also what the corpus and {@code ask} may use). */
    public static final String DESCRIBE = "Describe the video.";

    /** One user question and the assistant's answer. */
    public record Turn(String question, String answer) {
        public Turn {
            Objects.requireNonNull(question);
            Objects.requireNonNull(answer);
        }
    }

    public Conversation {
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one turn");
        }
        turns = List.copyOf(turns);
    }

    /**
     * Up to {@code maxQuestions} of the world's questions in random order, then the transcript turn when asked for.
     */
    public static Conversation of(Scenario world, List<Question> questions, List<Double> times, int maxQuestions,
                                  boolean transcript, RandomGenerator rng) {
        return of(world, questions, times, maxQuestions, transcript, false, rng);
    }

    /**
     * As {@link #of(Scenario, List, List, int, boolean, RandomGenerator)}; with {@code occurrences} the transcript
     * marks every shape with its running occurrence (see {@link #transcript(Scenario, List, boolean)}).
     */
    public static Conversation of(Scenario world, List<Question> questions, List<Double> times, int maxQuestions,
                                  boolean transcript, boolean occurrences, RandomGenerator rng) {
        return of(world, questions, times, maxQuestions, new Layout(transcript, occurrences, false, false), rng);
    }

    /**
     * How the transcript turn is written and placed.
     *
     * @param transcript  whether there is a transcript turn at all
     * @param occurrences every shape marked with its running occurrence ({@link #transcript(Scenario, List, boolean)})
     * @param first       the transcript turn comes first (the video goes with {@link #DESCRIBE}) and the questions
     *                    follow it, as {@code ask} asks a model that describes before it answers
     *                    ({@code AnswerStyle}): the answers may then be read off the transcript, which is the point
     * @param everyFrame  one line per sampled frame instead of one per change
     */
    public record Layout(boolean transcript, boolean occurrences, boolean first, boolean everyFrame) {
        public static final Layout LAST = new Layout(true, false, false, false);

        public Layout {
            if ((first || occurrences || everyFrame) && !transcript) {
                throw new IllegalArgumentException("transcript first, occurrence marks and per-frame lines need the transcript");
            }
        }
    }

    /** Up to {@code maxQuestions} of the world's questions in random order, and the transcript turn as laid out. */
    public static Conversation of(Scenario world, List<Question> questions, List<Double> times, int maxQuestions,
                                  Layout layout, RandomGenerator rng) {
        List<Question> qs = new ArrayList<>(questions);
        for (int i = qs.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            qs.set(i, qs.set(j, qs.get(i)));
        }
        List<Turn> turns = new ArrayList<>();
        Turn describe = layout.transcript()
                ? new Turn(DESCRIBE, transcript(world, times, layout.occurrences(), layout.everyFrame())) : null;
        if (layout.first()) {
            turns.add(describe);
        }
        for (Question q : qs.subList(0, Math.min(maxQuestions, qs.size()))) {
            turns.add(new Turn(q.question(), q.answer()));
        }
        if (layout.transcript() && !layout.first()) {
            turns.add(describe);
        }
        return new Conversation(turns);
    }

    /**
     * What the sampled frames show, one line per change: {@code "00:04 blue triangle"}, {@code "00:08 nothing"}.
     * Times are the sampled frames' times as the prompt prints them (MM:SS).
     */
    public static String transcript(Scenario world, List<Double> times) {
        return transcript(world, times, false);
    }

    /**
     * The transcript; with {@code occurrences} every shape carries which appearance of its colour and shape it
     * is, counted over the whole world as count questions count ({@code Questions.count}):
     * {@code "00:07 red circle (2nd)"}. Why: a count answer needs the model to notice re-appearance, and one count
     * answer per video supervises that too sparsely; the mark supervises it at every appearance.
     */
    public static String transcript(Scenario world, List<Double> times, boolean occurrences) {
        return transcript(world, times, occurrences, false);
    }

    /**
     * The transcript; with {@code everyFrame} one line per sampled frame ({@code "00:05 nothing"} repeated while
     * nothing changes), so each line describes exactly the frame whose timestamp it copies from the prompt.
     */
    public static String transcript(Scenario world, List<Double> times, boolean occurrences, boolean everyFrame) {
        Map<Integer, Integer> ordinal = occurrences ? ordinals(world) : Map.of();
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (double t : times) {
            FrameCaption fc = world.captionAt(t);
            String c = occurrences ? marked(fc, ordinal) : fc.text();
            if (everyFrame || !c.equals(last)) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(VideoText.timestamp(t)).append(' ').append(c);
                last = c;
            }
        }
        return sb.toString();
    }

    /** Shape event id -> its place (1-based) among the world's events of the same label, by start time. */
    static Map<Integer, Integer> ordinals(Scenario world) {
        Map<String, Integer> seen = new HashMap<>();
        Map<Integer, Integer> out = new HashMap<>();
        List<ShapeEvent> byStart = new ArrayList<>(world.shapes());
        byStart.sort(Comparator.comparingLong(ShapeEvent::startMs));
        for (ShapeEvent e : byStart) {
            out.put(e.id(), seen.merge(e.label(), 1, Integer::sum));
        }
        return out;
    }

    /** The caption text with an occurrence mark after each shape, e.g. "red circle (2nd), digit card 7". */
    static String marked(FrameCaption fc, Map<Integer, Integer> ordinal) {
        List<String> parts = new ArrayList<>();
        for (ShapeEvent s : fc.shapes()) {
            parts.add(s.label() + " (" + ordinalWord(ordinal.get(s.id())) + ")");
        }
        for (CardEvent c : fc.cards()) {
            parts.add(c.kind().word() + " card " + c.text());
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    /** 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st. */
    static String ordinalWord(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ordinal of " + n);
        }
        int tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    /** The chat messages: the video goes with the first question, as {@code ask} sends it. */
    public List<ChatMessage> messages() {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            out.add(i == 0 ? ChatMessage.userWithVideo(t.question())
                    : ChatMessage.user(new ChatMessage.Text(t.question())));
            out.add(ChatMessage.assistant(t.answer()));
        }
        return out;
    }
}
