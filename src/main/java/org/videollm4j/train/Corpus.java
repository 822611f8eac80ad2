package org.videollm4j.train;

import org.videollm4j.prompt.NumberWords;
import org.videollm4j.prompt.VideoText;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.QuestionKind;

import java.util.List;

/**
 * The text the demo tokenizer's BPE merges are learned from: what the prompts and answers hold (question
 * templates, answers, transcripts, the fixed video header and frame lines, the chat roles), so answers are
 * whole-word tokens. Special tokens are left out (they are added tokens, never merged).
 */
public final class Corpus {
    private Corpus() {
    }

    public static String build(long seed, int worlds) {
        StringBuilder sb = new StringBuilder();
        int[] lengths = {4, 8, 16, 32, 64};
        for (int i = 0; i < worlds; i++) {
            int frames = lengths[i % lengths.length];
            WorldSample w = WorldSample.of(WorldSample.worldSeed(seed, i), frames, 100);
            sb.append("User: You are provided the following series of ").append(NumberWords.of(frames))
                    .append(" frames from a ").append(VideoText.duration(frames)).append(" [H:MM:SS] video.\n");
            for (double t : w.times()) {
                sb.append("\nFrame from ").append(VideoText.timestamp(t)).append(':');
            }
            sb.append("\n\n");
            for (Question q : w.questions()) {
                sb.append(q.question()).append("\nAssistant: ").append(q.answer()).append('\n');
            }
            sb.append(Conversation.DESCRIBE).append("\nAssistant: ")
                    .append(Conversation.transcript(w.world(), w.times())).append('\n');
        }
        for (QuestionKind k : QuestionKind.values()) {
            sb.append(k.word()).append(' ');
        }
        for (String s : List.of("answer", "frames", "video", "sampled")) {
            sb.append(s).append(' ');
        }
        return sb.append('\n').toString();
    }
}
