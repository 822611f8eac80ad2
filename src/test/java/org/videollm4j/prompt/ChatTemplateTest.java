package org.videollm4j.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.ModelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jinjava rendering against jinja2 output made by training/make_template_goldens.py. */
class ChatTemplateTest {

    @Test
    void rendersLikeJinja2() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Path.of("testdata/templates/cases.json").toFile());
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            ChatTemplate t = new ChatTemplate(c.get("template").textValue(), c.get("name").textValue());
            Map<String, Object> vars = new HashMap<>();
            c.get("variables").properties().forEach(e -> vars.put(e.getKey(), e.getValue().textValue()));
            List<ChatMessage> msgs = TemplateJson.messages(c.get("messages"));
            boolean gen = c.get("add_generation_prompt").booleanValue();
            if (c.has("error")) {
                assertThatThrownBy(() -> t.render(msgs, gen, vars))
                        .isInstanceOf(BadInputException.class)
                        .hasMessageContaining(c.get("error").textValue());
            } else {
                assertThat(t.render(msgs, gen, vars)).as(c.get("name").textValue())
                        .isEqualTo(c.get("expected").textValue());
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void loadsFromChatTemplateJsonThenTokenizerConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"T{{ messages|length }}\"}");
        ModelFiles files = ModelFiles.of(dir);
        TokenizerConfig tc = TokenizerConfig.load(files);
        List<ChatMessage> one = List.of(ChatMessage.user(new ChatMessage.Text("x")));
        assertThat(ChatTemplate.load(files, tc).render(one, false, Map.of())).isEqualTo("T1");
        Files.writeString(dir.resolve("chat_template.json"), "{\"chat_template\": \"J{{ messages|length }}\"}");
        assertThat(ChatTemplate.load(files, tc).render(one, false, Map.of())).isEqualTo("J1");
        Files.writeString(dir.resolve("chat_template.jinja"), "K{{ add_generation_prompt }}\n");
        assertThat(ChatTemplate.load(files, tc).render(one, true, Map.of())).isEqualTo("Ktrue");
    }

    @Test
    void namedTemplateListPicksDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"no\"}, {\"name\": \"default\", \"template\": \"yes\"}]}");
        TokenizerConfig tc = TokenizerConfig.load(ModelFiles.of(dir));
        assertThat(tc.chatTemplate()).contains("yes");
    }

    @Test
    void malformedChatTemplateJsonNamesTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("chat_template.json"), "{\"chat_template\": \"x\"");
        ModelFiles files = ModelFiles.of(dir);
        assertThatThrownBy(() -> ChatTemplate.load(files, TokenizerConfig.empty()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve("chat_template.json") + ": malformed JSON");
        Files.writeString(dir.resolve("chat_template.json"), "{\"chat_template\": 42}");
        assertThatThrownBy(() -> ChatTemplate.load(files, TokenizerConfig.empty()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("chat_template.json: \"chat_template\" must be a string, got 42");
        Files.writeString(dir.resolve("chat_template.json"), "[1, 2]");
        assertThatThrownBy(() -> ChatTemplate.load(files, TokenizerConfig.empty()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void missingTemplateSaysWhereItLooked(@TempDir Path dir) {
        assertThatThrownBy(() -> ChatTemplate.load(ModelFiles.of(dir), TokenizerConfig.empty()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no chat template")
                .hasMessageContaining("chat_template.json");
    }

    @Test
    void brokenTemplateSyntaxIsBadInput() {
        ChatTemplate t = new ChatTemplate("{% for m in messages %}{{ m.role }", "bad.jinja");
        assertThatThrownBy(() -> t.render(List.of(ChatMessage.user(new ChatMessage.Text("x"))), false, Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("bad.jinja: chat template failed");
    }

    @Test
    void userTextIsNeverInterpretedAsTemplate() {
        ChatTemplate t = new ChatTemplate("{{ messages[0]['content'][0]['text'] }}", "t");
        String evil = "{{ 7 * 7 }} {% for x in [1,2] %}{{ x }}{% endfor %}";
        assertThat(t.render(List.of(ChatMessage.user(new ChatMessage.Text(evil))), false, Map.of())).isEqualTo(evil);
    }
}
