package org.videollm4j.train;

import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.VideoText;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The supervised conversation about one training video: several question/answer turns (every answer is a
 * target) and, last, a transcript of what the sampled frames show. Dense supervision is what lets a tiny model
 * learn to find the right frame quickly (see ../shared/research/demo-model-trial.md: one answer token per video
 * learns far too slowly). The transcript comes after the questions so no answer can be read off it.
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
        List<Question> qs = new ArrayList<>(questions);
        for (int i = qs.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            qs.set(i, qs.set(j, qs.get(i)));
        }
        List<Turn> turns = new ArrayList<>();
        for (Question q : qs.subList(0, Math.min(maxQuestions, qs.size()))) {
            turns.add(new Turn(q.question(), q.answer()));
        }
        if (transcript) {
            turns.add(new Turn(DESCRIBE, transcript(world, times)));
        }
        return new Conversation(turns);
    }

    /**
     * What the sampled frames show, one line per change: {@code "00:04 blue triangle"}, {@code "00:08 nothing"}.
     * Times are the sampled frames' times as the prompt prints them (MM:SS).
     */
    public static String transcript(Scenario world, List<Double> times) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (double t : times) {
            String c = world.captionAt(t).text();
            if (!c.equals(last)) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(VideoText.timestamp(t)).append(' ').append(c);
                last = c;
            }
        }
        return sb.toString();
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
