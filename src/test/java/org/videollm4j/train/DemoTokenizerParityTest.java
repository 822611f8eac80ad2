package org.videollm4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java prompt builder and tokenizer reproduce the Python reference's text and ids on the demo model's
 * tokenizer (goldens: training/demo/golden.py), so training shards and ask see the same ids.
 */
class DemoTokenizerParityTest {
    static final Path MODEL = Path.of("models/demo");

    @Test
    void promptsAndIdsMatchPython() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(Files.readString(Path.of("testdata/demo/prompts.json")));
        SmolVlmProcessor proc = SmolVlmProcessor.load(MODEL);
        Tokenizer tok = Tokenizer.load(MODEL);
        assertThat(cases.size()).isGreaterThanOrEqualTo(4);
        for (JsonNode c : cases) {
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) {
                List<ChatMessage.Content> items = new ArrayList<>();
                for (JsonNode it : m.get("content")) {
                    items.add(switch (it.get("type").asText()) {
                        case "video" -> new ChatMessage.Video();
                        case "text" -> new ChatMessage.Text(it.get("text").asText());
                        default -> throw new AssertionError(it);
                    });
                }
                messages.add(new ChatMessage(m.get("role").asText(), items));
            }
            List<Double> times = new ArrayList<>();
            c.get("timestamps").forEach(t -> times.add(t.asDouble()));
            String text = proc.promptBuilder().buildVideo(messages,
                    new SmolVlmPrompt.VideoLayout(times, c.get("duration").asDouble()),
                    c.get("add_generation_prompt").asBoolean());
            assertThat(text).as(c.get("name").asText()).isEqualTo(c.get("text").asText());
            int[] expected = new int[c.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("ids").get(i).asInt();
            }
            assertThat(tok.encode(text)).as(c.get("name").asText()).containsExactly(expected);
        }
    }

    @Test
    void answersAreWholeWordTokens() {
        Tokenizer tok = Tokenizer.load(MODEL);
        for (String w : List.of(" red", " yellow", " triangle", " circle", " CAT", " FOX", " purple", " nothing")) {
            assertThat(tok.encode(w)).as(w).hasSize(1);
        }
    }
}
