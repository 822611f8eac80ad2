package org.videollm4j.synth;

import java.util.List;

/**
 * One question about a world, with its short answer and ground truth.
 *
 * @param evidence    the events the answer depends on, in time order (their times are the ground truth)
 * @param needleDepth for needle questions, the card's depth (0..1, see {@link CardEvent#depthIn}); else NaN
 * @param options     the closed set of possible answers (for multiple-choice or classification scoring)
 */
public record Question(QuestionKind kind, String question, String answer, List<TimedEvent> evidence,
                       double needleDepth, List<String> options) {

    public Question {
        evidence = List.copyOf(evidence);
        options = List.copyOf(options);
        if (!options.contains(answer)) {
            throw new IllegalArgumentException("answer '" + answer + "' is not among the options " + options);
        }
    }
}
