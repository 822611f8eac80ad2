package org.videollm4j.prompt;

import org.junit.jupiter.api.Test;
import org.videollm4j.preprocess.PixelBatch.ImageGrid;
import org.videollm4j.util.BadInputException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptPiecesTest {

    @Test
    void numberWordsFollowNum2words() {
        // Values as the num2words package (lang EN) writes them.
        assertThat(NumberWords.of(0)).isEqualTo("zero");
        assertThat(NumberWords.of(4)).isEqualTo("four");
        assertThat(NumberWords.of(13)).isEqualTo("thirteen");
        assertThat(NumberWords.of(20)).isEqualTo("twenty");
        assertThat(NumberWords.of(21)).isEqualTo("twenty-one");
        assertThat(NumberWords.of(64)).isEqualTo("sixty-four");
        assertThat(NumberWords.of(100)).isEqualTo("one hundred");
        assertThat(NumberWords.of(105)).isEqualTo("one hundred and five");
        assertThat(NumberWords.of(999)).isEqualTo("nine hundred and ninety-nine");
        assertThat(NumberWords.of(1000)).isEqualTo("one thousand");
        assertThat(NumberWords.of(1001)).isEqualTo("one thousand and one");
        assertThat(NumberWords.of(1100)).isEqualTo("one thousand, one hundred");
        assertThat(NumberWords.of(1234)).isEqualTo("one thousand, two hundred and thirty-four");
        assertThat(NumberWords.of(9999)).isEqualTo("nine thousand, nine hundred and ninety-nine");
        assertThatThrownBy(() -> NumberWords.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void videoTimesArePythonFormatted() {
        assertThat(VideoText.duration(4.2)).isEqualTo("0:00:04");
        assertThat(VideoText.duration(3599.99)).isEqualTo("0:59:59");
        assertThat(VideoText.duration(3600)).isEqualTo("1:00:00");
        assertThat(VideoText.duration(36_000 + 61)).isEqualTo("10:01:01");
        assertThat(VideoText.duration(86_400 + 5)).isEqualTo("1 day, 0:00:05");
        assertThat(VideoText.duration(2 * 86_400)).isEqualTo("2 days, 0:00:00");
        assertThat(VideoText.timestamp(0)).isEqualTo("00:00");
        assertThat(VideoText.timestamp(59.999)).isEqualTo("00:59");
        assertThat(VideoText.timestamp(61.5)).isEqualTo("01:01");
        assertThat(VideoText.timestamp(7325)).isEqualTo("122:05");
        assertThatThrownBy(() -> VideoText.timestamp(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoText.duration(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SmolVlmPrompt prompt(String template, int seq) {
        return new SmolVlmPrompt(new ChatTemplate(template, "t"), TokenizerConfig.empty(), seq);
    }

    @Test
    void splitImageBlockLayout() {
        SmolVlmPrompt p = prompt("x", 2);
        String F = "<fake_token_around_image>";
        String I = "<image><image>";
        // A10: rows of tiles each ending in \n, a blank line, then the global image block.
        assertThat(p.imageBlock(new ImageGrid(2, 1))).isEqualTo(
                F + "<row_1_col_1>" + I + "\n" + F + "<row_2_col_1>" + I + "\n\n" + F + "<global-img>" + I + F);
        assertThat(p.imageBlock(ImageGrid.SINGLE)).isEqualTo(F + "<global-img>" + I + F);
    }

    @Test
    void tokenStringsComeFromTokenizerConfig() {
        TokenizerConfig tc = new TokenizerConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, OptionalInt.empty(), Optional.empty(),
                Map.of("image_token", "<img>", "fake_image_token", "<f>", "global_image_token", "<g>"));
        SmolVlmPrompt p = new SmolVlmPrompt(new ChatTemplate("{{ messages[0]['content'][1]['text'] }}<img>", "t"), tc, 3);
        String out = p.build(List.of(ChatMessage.userWithImages(1, "Q")), List.of(ImageGrid.SINGLE), false);
        assertThat(out).isEqualTo("Q<f><g><img><img><img><f>");
    }

    @Test
    void imageCountMismatchIsBadInput() {
        SmolVlmPrompt p = prompt("{% for m in messages %}{% for c in m['content'] %}{% if c['type'] == 'image' %}<image>{% endif %}{% endfor %}{% endfor %}", 1);
        List<ChatMessage> two = List.of(ChatMessage.userWithImages(2, "q"));
        assertThatThrownBy(() -> p.build(two, List.of(ImageGrid.SINGLE), true))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("2 <image> placeholders but 1 images");
    }

    @Test
    void videoFallsBackToDefaultTemplateWhenTheFoldersLacksVideo() {
        // The released SmolVLM2 chat_template.json has no video branch.
        String noVideo = SmolVlmPrompt.DEFAULT_VIDEO_TEMPLATE.replace(
                "{% elif line['type'] == 'video' %}{{ '<video>' }}", "");
        assertThat(noVideo).doesNotContain("video");
        SmolVlmPrompt p = prompt(noVideo, 1);
        String out = p.buildVideo(List.of(ChatMessage.userWithVideo("Why?")),
                new SmolVlmPrompt.VideoLayout(List.of(0.0, 65.0), 130.7), true);
        String block = "<fake_token_around_image><global-img><image><fake_token_around_image>";
        assertThat(out).isEqualTo("<|im_start|>User: You are provided the following series of two frames from a "
                + "0:02:10 [H:MM:SS] video.\n\nFrame from 00:00:" + block + "\nFrame from 01:05:" + block
                + "\n\nWhy?<end_of_utterance>\nAssistant:");
    }

    @Test
    void videoPromptNeedsExactlyOnePlaceholder() {
        // Mentions 'video' (so it is used as is) but renders the placeholder twice.
        SmolVlmPrompt p = prompt("{% if 'video' %}<video> and <video>{% endif %}", 1);
        assertThatThrownBy(() -> p.buildVideo(List.of(ChatMessage.userWithVideo("q")),
                new SmolVlmPrompt.VideoLayout(List.of(0.0), 1), true))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("exactly one <video>").hasMessageContaining("found 2");
    }
}
