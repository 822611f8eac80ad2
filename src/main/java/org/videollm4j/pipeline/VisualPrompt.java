package org.videollm4j.pipeline;

import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.compress.merge.MergedPrompt;
import org.videollm4j.compress.merge.MergedVideo;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.tokenizer.Tokenizer;
import org.videollm4j.util.BadInputException;

import java.util.Arrays;
import java.util.List;

/**
 * The visual part of a prompt after selection or merging, and how it becomes token ids, embeddings and
 * tags: either whole frames (SmolVLM's own video block over the kept frames, as {@link VideoQa} writes it)
 * or a LongVLM {@link MergedVideo} ({@link MergedPrompt}'s segment block).
 *
 * @param frames     the kept frames' tokens (kept, tokensPerFrame, hidden) with their timestamps; null when merged
 * @param keptIndex  (kept) sampled-frame index of each kept frame, used as the tokens' tags
 * @param merged     the merged video, or null
 * @param durationS  the video's duration, for the prompt's header
 */
record VisualPrompt(VisualFeatures frames, int[] keptIndex, MergedVideo merged, double durationS) {
    private static final String MARKER = "@@videollm4j-question@@";

    /** Token ids, input embeddings (n, hidden) and tags (n) of some prompt text. */
    record Encoded(String text, int[] ids, float[] embeddings, int[] tags) {
    }

    int visualTokens() {
        return merged != null ? merged.totalTokens() : frames.frames() * frames.tokensPerFrame();
    }

    /** The whole prompt text for {@code question}. */
    String text(SmolVlmPrompt prompt, String question) {
        if (merged == null) {
            List<Double> ts = Arrays.stream(frames.timestampsS()).boxed().toList();
            return prompt.buildVideo(List.of(ChatMessage.userWithVideo(question)),
                    new SmolVlmPrompt.VideoLayout(ts, durationS), true);
        }
        String t = prompt.renderTemplate(List.of(ChatMessage.userWithVideo(question)), true);
        int at = t.indexOf(SmolVlmPrompt.VIDEO_PLACEHOLDER);
        if (at < 0) {
            throw new BadInputException("prompt: the chat template has no " + SmolVlmPrompt.VIDEO_PLACEHOLDER);
        }
        return t.substring(0, at) + MergedPrompt.videoBlock(merged, durationS, prompt.tokens())
                + t.substring(at + SmolVlmPrompt.VIDEO_PLACEHOLDER.length());
    }

    /** The text every question shares: everything before the question. */
    String prefixText(SmolVlmPrompt prompt) {
        String full = text(prompt, MARKER);
        return full.substring(0, full.indexOf(MARKER));
    }

    /** Encodes the prefix (with the visual tokens spliced in). */
    Encoded encodePrefix(SmolVlmModel model, Tokenizer tok, SmolVlmPrompt prompt) {
        return encode(model, tok, prefixText(prompt));
    }

    /** Encodes a whole prompt. */
    Encoded encode(SmolVlmModel model, Tokenizer tok, String text) {
        int[] ids = tok.encode(text);
        float[] emb;
        if (merged != null) {
            emb = MergedPrompt.embeddings(model, ids, merged.features(), merged.totalTokens());
        } else {
            emb = model.inputEmbeddings(ids, frames.tokens(), frames.frames());
        }
        return new Encoded(text, ids, emb, tags(model, ids));
    }

    /** Tags: TEXT, or the sampled-frame index of each visual token (global tokens: the first frame's). */
    private int[] tags(SmolVlmModel model, int[] ids) {
        int image = model.config().imageTokenId();
        int[] owner = owners();
        int[] tags = new int[ids.length];
        int v = 0;
        for (int i = 0; i < ids.length; i++) {
            tags[i] = ids[i] == image ? owner[v++] : TokenTag.TEXT;
        }
        return tags;
    }

    /** (visual tokens) frame index per visual token in prompt order. */
    private int[] owners() {
        int[] out = new int[visualTokens()];
        if (merged == null) {
            int n = frames.tokensPerFrame();
            for (int i = 0; i < out.length; i++) {
                out[i] = keptIndex[i / n];
            }
            return out;
        }
        int at = merged.globalCount(); // global tokens keep tag 0 (a visual tag: no policy runs on merged input)
        for (MergedVideo.Segment s : merged.segments()) {
            System.arraycopy(s.frameIndex(), 0, out, at, s.count());
            at += s.count();
        }
        return out;
    }

    /**
     * The ids of {@code full} after the prefix, checked to tokenise the same alone as after the prefix, so the
     * prefix's cache can be reused.
     */
    static int[] rest(Tokenizer tok, String full, String prefixText, int[] prefixIds) {
        if (!full.startsWith(prefixText)) {
            throw new IllegalStateException("the prompt of the question does not start with the video prefix");
        }
        int[] rest = tok.encode(full.substring(prefixText.length()));
        int[] whole = tok.encode(full);
        if (whole.length != prefixIds.length + rest.length
                || !Arrays.equals(whole, prefixIds.length, whole.length, rest, 0, rest.length)) {
            throw new IllegalStateException("the question's tokens depend on the video prefix; cannot reuse it");
        }
        return rest;
    }
}
