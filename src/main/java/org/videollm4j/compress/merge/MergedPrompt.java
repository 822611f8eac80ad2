package org.videollm4j.compress.merge;

import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.prompt.NumberWords;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.prompt.VideoText;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link MergedVideo} goes into SmolVLM's prompt. SmolVLM's video block has one block of
 * image_seq_len image tokens per frame ("Frame from MM:SS:"); after merging, tokens belong to segments,
 * so the block here has one image run per segment ("Frames from MM:SS to MM:SS:"), preceded by a summary
 * run holding the global tokens. The image-token count of the text equals
 * {@link MergedVideo#totalTokens()} and the runs come in the order of {@link MergedVideo#features()}, so
 * {@link #embeddings} can splice the features in. This wording is ours (no reference exists for SmolVLM);
 * a model fine-tuned on merged input should be trained with the same text.
 */
public final class MergedPrompt {
    /** One run of image tokens in the prompt: the global summary (start/end = whole video) or a segment. */
    public record Block(boolean global, double startS, double endS, int imageTokens) {
    }

    private MergedPrompt() {
    }

    public static List<Block> layout(MergedVideo v) {
        List<Block> out = new ArrayList<>();
        if (v.globalCount() > 0 && !v.segments().isEmpty()) {
            out.add(new Block(true, v.segments().getFirst().startS(), v.segments().getLast().endS(), v.globalCount()));
        }
        for (MergedVideo.Segment s : v.segments()) {
            out.add(new Block(false, s.startS(), s.endS(), s.count()));
        }
        return out;
    }

    /** The text that replaces {@code <video>} in the rendered chat template (cf. SmolVlmPrompt.videoBlock). */
    public static String videoBlock(MergedVideo v, double durationS, SmolVlmPrompt.Tokens tokens) {
        StringBuilder sb = new StringBuilder();
        sb.append("You are provided the following series of ").append(NumberWords.of(v.segments().size()))
                .append(" segments from a ").append(VideoText.duration(durationS)).append(" [H:MM:SS] video.\n");
        for (Block b : layout(v)) {
            if (b.global()) {
                sb.append("\nSummary of the whole video:");
            } else {
                sb.append("\nFrames from ").append(VideoText.timestamp(b.startS())).append(" to ")
                        .append(VideoText.timestamp(b.endS())).append(':');
            }
            sb.append(tokens.fakeAroundImage()).append(tokens.globalImage())
                    .append(tokens.image().repeat(b.imageTokens())).append(tokens.fakeAroundImage());
        }
        return sb.append("\n\n").toString();
    }

    /**
     * Input embeddings (ids.length, hidden) with the i-th image token replaced by row i of
     * {@code features} (count, hidden): SmolVlmModel.inputEmbeddings for a token count that is not a
     * multiple of the per-frame count.
     */
    public static float[] embeddings(SmolVlmModel model, int[] ids, float[] features, int count) {
        int h = model.config().text().hiddenSize();
        int imageId = model.config().imageTokenId();
        int found = 0;
        for (int id : ids) {
            if (id == imageId) {
                found++;
            }
        }
        if (found != count || features.length != (long) count * h) {
            throw new IllegalArgumentException("prompt has " + found + " image tokens but " + count
                    + " merged tokens (" + features.length + " floats, hidden " + h + ") were given");
        }
        float[] out = model.embed(ids); // (ids.length, hidden)
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == imageId) {
                System.arraycopy(features, next++ * h, out, i * h, h);
            }
        }
        return out;
    }
}
