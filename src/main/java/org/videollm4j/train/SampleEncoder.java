package org.videollm4j.train;

import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Turns a {@link Conversation} about a video into token ids and a loss mask, exactly as {@code ask} builds its
 * prompt: the chat template with a video item, expanded to the SmolVLM2 video layout (A9/A10), then tokenised.
 * The mask marks each answer and the {@code <end_of_utterance>} that ends it (what generation must produce
 * after {@code "Assistant:"}).
 */
public final class SampleEncoder {
    private static final String ASSISTANT = "Assistant:";
    private final SmolVlmPrompt prompt;
    private final Tokenizer tokenizer;
    private final String endOfUtterance;

    /** Ids and mask of one sample; mask[i] = 1 where token i is a target. */
    public record Encoded(String text, int[] ids, byte[] lossMask) {
        public int targets() {
            int n = 0;
            for (byte b : lossMask) {
                n += b;
            }
            return n;
        }
    }

    public SampleEncoder(SmolVlmPrompt prompt, Tokenizer tokenizer, String endOfUtterance) {
        this.prompt = prompt;
        this.tokenizer = tokenizer;
        this.endOfUtterance = endOfUtterance;
        if (tokenizer.tokenId(endOfUtterance).isEmpty()) {
            throw new IllegalArgumentException("the tokenizer has no " + endOfUtterance + " token");
        }
    }

    public Encoded encode(Conversation c, List<Double> timestamps, double durationSeconds) {
        String text = prompt.buildVideo(c.messages(), new SmolVlmPrompt.VideoLayout(timestamps, durationSeconds), false);
        int[] ids = new int[0];
        byte[] mask = new byte[0];
        int cursor = 0;
        for (Conversation.Turn t : c.turns()) {
            String target = " " + t.answer() + endOfUtterance;
            int at = text.indexOf(ASSISTANT + target, cursor);
            if (at < 0) {
                throw new IllegalStateException("answer '" + t.answer() + "' not found in the rendered prompt");
            }
            int split = at + ASSISTANT.length();
            int[] head = tokenizer.encode(text.substring(cursor, split));
            int[] tail = tokenizer.encode(target);
            ids = concat(concat(ids, head), tail);
            mask = Arrays.copyOf(mask, ids.length);
            Arrays.fill(mask, ids.length - tail.length, ids.length, (byte) 1);
            cursor = split + target.length();
        }
        int[] rest = tokenizer.encode(text.substring(cursor));
        ids = concat(ids, rest);
        mask = Arrays.copyOf(mask, ids.length);
        // Piecewise tokenisation must equal tokenising the whole text, or training would see other ids than ask.
        if (!Arrays.equals(ids, tokenizer.encode(text))) {
            throw new IllegalStateException("piecewise tokenisation differs from the whole prompt's");
        }
        return new Encoded(text, ids, mask);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
