package org.videollm4j.prompt;

import org.videollm4j.preprocess.PixelBatch.ImageGrid;
import org.videollm4j.util.BadInputException;

import java.util.List;
import java.util.Map;

/**
 * Builds SmolVLM's prompt string: renders the chat template, then expands every {@code <image>} into its image
 * block and every {@code <video>} into the video layout (transformers processing_smolvlm.py,
 * {@code SmolVLMProcessor.expand_text_with_image_tokens} / video branch; model-architectures.md A9-A11).
 *
 * <ul>
 * <li>single image: {@code <fake><global-img>} + {@code <image>} x seq + {@code <fake>};</li>
 * <li>split image: per row r, per column c {@code <fake><row_r_col_c>} + {@code <image>} x seq, then
 *     {@code \n} after each row; then {@code \n} + the single-image block for the global image;</li>
 * <li>video: {@code You are provided the following series of {words} frames from a {H:MM:SS} [H:MM:SS] video.\n}
 *     then per frame {@code \nFrame from MM:SS:} + single-image block, then {@code \n\n}.</li>
 * </ul>
 * The result is exactly what is tokenized (the tokenizer matches the special tokens inside it).
 */
public final class SmolVlmPrompt {
    /**
     * The SmolVLM template including the {@code video} branch, used when a message holds a video and the
     * folder's template has no video branch (as transformers' SmolVLMProcessor swaps in its
     * DEFAULT_CHAT_TEMPLATE; the chat_template.json of the released SmolVLM2 checkpoints lacks it).
     */
    public static final String DEFAULT_VIDEO_TEMPLATE = "<|im_start|>{% for message in messages %}"
            + "{{message['role'] | capitalize}}"
            + "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}"
            + "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}"
            + "{% elif line['type'] == 'image' %}{{ '<image>' }}{% elif line['type'] == 'video' %}{{ '<video>' }}"
            + "{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}"
            + "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";
    public static final String VIDEO_PLACEHOLDER = "<video>";

    /** The image token strings (tokenizer_config extra_special_tokens, else SmolVLM's defaults). */
    public record Tokens(String image, String fakeAroundImage, String globalImage) {
        public static final Tokens DEFAULT = new Tokens("<image>", "<fake_token_around_image>", "<global-img>");

        public static Tokens from(TokenizerConfig t) {
            Map<String, String> x = t.extraSpecialTokens();
            return new Tokens(x.getOrDefault("image_token", DEFAULT.image),
                    x.getOrDefault("fake_image_token", DEFAULT.fakeAroundImage),
                    x.getOrDefault("global_image_token", DEFAULT.globalImage));
        }

        /** The tile token of row r, column c (1-based), e.g. {@code <row_1_col_2>}. */
        public String tile(int r, int c) {
            return "<row_" + r + "_col_" + c + ">";
        }
    }

    /** Frame times (seconds from the start of the video) and the video's duration in seconds. */
    public record VideoLayout(List<Double> timestamps, double durationSeconds) {
        public VideoLayout {
            timestamps = List.copyOf(timestamps);
            if (timestamps.isEmpty()) {
                throw new IllegalArgumentException("a video needs at least one frame");
            }
            for (double t : timestamps) {
                if (!(t >= 0) || Double.isInfinite(t)) {
                    throw new IllegalArgumentException("frame timestamps must be finite and >= 0, got " + t);
                }
            }
            if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
                throw new IllegalArgumentException("video duration must be finite and >= 0, got " + durationSeconds);
            }
        }
    }

    private final ChatTemplate template;
    private final TokenizerConfig tokenizerConfig;
    private final Tokens tokens;
    private final int imageSeqLen;

    public SmolVlmPrompt(ChatTemplate template, TokenizerConfig tokenizerConfig, int imageSeqLen) {
        if (imageSeqLen <= 0) {
            throw new IllegalArgumentException("image_seq_len must be positive, got " + imageSeqLen);
        }
        this.template = template;
        this.tokenizerConfig = tokenizerConfig;
        this.tokens = Tokens.from(tokenizerConfig);
        this.imageSeqLen = imageSeqLen;
    }

    public Tokens tokens() {
        return tokens;
    }

    public int imageSeqLen() {
        return imageSeqLen;
    }

    /** The chat template's output for {@code messages}, before image/video expansion. */
    public String renderTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        ChatTemplate t = template;
        boolean video = messages.stream().anyMatch(ChatMessage::hasVideo);
        if (video && !template.source().contains("'video'") && !template.source().contains("\"video\"")) {
            t = new ChatTemplate(DEFAULT_VIDEO_TEMPLATE, "SmolVLM default video template");
        }
        return t.render(messages, addGenerationPrompt, Map.copyOf(tokenizerConfig.templateVariables()));
    }

    /**
     * The full prompt for messages with images (and no video): the k-th {@code <image>} becomes the block of
     * {@code grids.get(k)}.
     */
    public String build(List<ChatMessage> messages, List<ImageGrid> grids, boolean addGenerationPrompt) {
        return expandImages(renderTemplate(messages, addGenerationPrompt), grids);
    }

    /** The full prompt for messages holding one video (and no images). */
    public String buildVideo(List<ChatMessage> messages, VideoLayout video, boolean addGenerationPrompt) {
        String text = renderTemplate(messages, addGenerationPrompt);
        int at = text.indexOf(VIDEO_PLACEHOLDER);
        if (at < 0 || text.indexOf(VIDEO_PLACEHOLDER, at + 1) >= 0) {
            throw new BadInputException("prompt: expected exactly one " + VIDEO_PLACEHOLDER
                    + " in the rendered chat template, found " + count(text, VIDEO_PLACEHOLDER));
        }
        if (text.contains(tokens.image)) {
            throw new BadInputException("prompt: a video prompt cannot also hold " + tokens.image + " placeholders");
        }
        return text.substring(0, at) + videoBlock(video) + text.substring(at + VIDEO_PLACEHOLDER.length());
    }

    /** Replaces each {@code <image>} of {@code text}, in order, by the block of its grid. */
    public String expandImages(String text, List<ImageGrid> grids) {
        String[] parts = text.split(java.util.regex.Pattern.quote(tokens.image), -1);
        if (parts.length - 1 != grids.size()) {
            throw new BadInputException("prompt: the text has " + (parts.length - 1) + " " + tokens.image
                    + " placeholders but " + grids.size() + " images were given");
        }
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int k = 0; k < grids.size(); k++) {
            appendImageBlock(sb, grids.get(k));
            sb.append(parts[k + 1]);
        }
        return sb.toString();
    }

    /** The block of one image (split or single). */
    public String imageBlock(ImageGrid grid) {
        StringBuilder sb = new StringBuilder();
        appendImageBlock(sb, grid);
        return sb.toString();
    }

    private void appendImageBlock(StringBuilder sb, ImageGrid grid) {
        if (grid.split()) {
            for (int r = 1; r <= grid.rows(); r++) {
                for (int c = 1; c <= grid.cols(); c++) {
                    sb.append(tokens.fakeAroundImage).append(tokens.tile(r, c));
                    sb.append(tokens.image.repeat(imageSeqLen));
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        sb.append(tokens.fakeAroundImage).append(tokens.globalImage).append(tokens.image.repeat(imageSeqLen))
                .append(tokens.fakeAroundImage);
    }

    /** The text that replaces {@code <video>}. */
    public String videoBlock(VideoLayout video) {
        StringBuilder sb = new StringBuilder();
        sb.append("You are provided the following series of ").append(NumberWords.of(video.timestamps().size()))
                .append(" frames from a ").append(VideoText.duration(video.durationSeconds()))
                .append(" [H:MM:SS] video.\n");
        for (double t : video.timestamps()) {
            sb.append("\nFrame from ").append(VideoText.timestamp(t)).append(':');
            appendImageBlock(sb, ImageGrid.SINGLE);
        }
        return sb.append("\n\n").toString();
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
