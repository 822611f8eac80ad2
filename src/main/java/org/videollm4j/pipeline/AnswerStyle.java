package org.videollm4j.pipeline;

import org.videollm4j.model.hf.ConfigFields;
import org.videollm4j.model.hf.Json;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a model is asked: the question right after the video, or first a request to describe the video whose
 * generated answer (a transcript of the frames) stays in the conversation before the question is asked, so the
 * answer can be read off the model's own description (chain-of-thought prompting, for a model trained with that
 * order: the demo model, {@code training/runs/demo10}). A model folder declares the second in
 * {@value #FILE}:
 * <pre>{"describe_first": {"request": "Describe the video.", "max_tokens": 256}}</pre>
 * No file, or no {@code describe_first}, means {@link #DIRECT} (real SmolVLM2 checkpoints).
 *
 * @param describeRequest   the first user turn (with the video); null: ask the question directly
 * @param describeMaxTokens longest description in tokens
 */
public record AnswerStyle(String describeRequest, int describeMaxTokens) {
    /** The model folder's file of videollm4j-specific settings. */
    public static final String FILE = "videollm4j.json";
    public static final AnswerStyle DIRECT = new AnswerStyle(null, 0);

    public AnswerStyle {
        if (describeRequest != null && (describeRequest.isBlank() || describeMaxTokens < 1)) {
            throw new IllegalArgumentException("describe-first needs a request and max tokens >= 1, got \""
                    + describeRequest + "\", " + describeMaxTokens);
        }
    }

    public static AnswerStyle describeFirst(String request, int maxTokens) {
        return new AnswerStyle(request, maxTokens);
    }

    public boolean describesFirst() {
        return describeRequest != null;
    }

    /** Reads {@code dir/videollm4j.json}; {@link #DIRECT} when absent. A malformed file names itself and the key. */
    public static AnswerStyle load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return DIRECT;
        }
        ConfigFields root = new ConfigFields(file.toString(), "", Json.readObject(file));
        if (!root.has("describe_first")) {
            return DIRECT;
        }
        ConfigFields d = root.child("describe_first");
        String request = d.stringOr("request", null);
        if (request == null || request.isBlank()) {
            throw d.bad("request", "must be a non-empty string (the first user turn), got " + d.node().get("request"));
        }
        int max = d.intOr("max_tokens", 256);
        if (max < 1) {
            throw d.bad("max_tokens", "must be at least 1, got " + max);
        }
        return new AnswerStyle(request, max);
    }
}
