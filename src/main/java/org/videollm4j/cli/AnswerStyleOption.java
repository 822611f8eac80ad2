package org.videollm4j.cli;

import org.videollm4j.pipeline.AnswerStyle;
import org.videollm4j.pipeline.CompressedQa;
import picocli.CommandLine.Option;

/**
 * {@code --answer-directly} (a picocli mixin of ask, chat, eval): ask the question right after the video even
 * when the model folder says to describe the video first ({@link AnswerStyle}).
 */
public final class AnswerStyleOption {
    @Option(names = "--answer-directly",
            description = "Ask the question right after the video, even for a model that describes the video first"
                    + " (videollm4j.json describe_first, as the demo model).")
    boolean direct;

    /** Applies the flag to {@code qa}; returns it. */
    CompressedQa apply(CompressedQa qa) {
        return direct ? qa.answerStyle(AnswerStyle.DIRECT) : qa;
    }
}
