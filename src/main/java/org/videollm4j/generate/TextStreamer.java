package org.videollm4j.generate;

import org.videollm4j.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Turns generated ids into text pieces as they arrive. Byte-level BPE tokens may split a UTF-8
 * character, so a piece is held back while the decoded text ends in an incomplete character (U+FFFD)
 * and emitted once the character is whole. Special tokens (e.g. the stop token) are not printed.
 */
public final class TextStreamer implements IntConsumer {
    private final Tokenizer tokenizer;
    private final Consumer<String> sink;
    private int[] ids = new int[16];
    private int count;
    private int emitted; // chars of the decoded text already passed to the sink

    public TextStreamer(Tokenizer tokenizer, Consumer<String> sink) {
        this.tokenizer = tokenizer;
        this.sink = sink;
    }

    @Override
    public void accept(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String text = tokenizer.decode(Arrays.copyOf(ids, count), true);
        if (text.endsWith("\uFFFD") || text.length() <= emitted) {
            return;
        }
        sink.accept(text.substring(emitted));
        emitted = text.length();
    }
}
