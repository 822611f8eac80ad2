package org.videollm4j.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** videollm4j.json's describe_first: read, defaulted, and refused with the file, key and value named. */
class AnswerStyleTest {
    @TempDir
    Path dir;

    private AnswerStyle load(String json) throws Exception {
        Files.writeString(dir.resolve(AnswerStyle.FILE), json);
        return AnswerStyle.load(dir);
    }

    @Test
    void noFileOrNoKeyMeansDirect() throws Exception {
        assertThat(AnswerStyle.load(dir)).isEqualTo(AnswerStyle.DIRECT);
        assertThat(load("{}").describesFirst()).isFalse();
    }

    @Test
    void readsRequestAndMaxTokens() throws Exception {
        assertThat(load("{\"describe_first\": {\"request\": \"Describe it.\", \"max_tokens\": 99}}"))
                .isEqualTo(AnswerStyle.describeFirst("Describe it.", 99));
        assertThat(load("{\"describe_first\": {\"request\": \"Describe it.\"}}").describeMaxTokens()).isEqualTo(256);
    }

    @Test
    void badFilesNameTheFileKeyAndValue() {
        assertThatThrownBy(() -> load("{\"describe_first\": "))
                .isInstanceOf(BadInputException.class).hasMessageContaining("videollm4j.json").hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> load("{\"describe_first\": {\"max_tokens\": 9}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("videollm4j.json")
                .hasMessageContaining("describe_first.request");
        assertThatThrownBy(() -> load("{\"describe_first\": {\"request\": \"D\", \"max_tokens\": 0}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("describe_first.max_tokens")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> load("{\"describe_first\": \"yes\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("describe_first must be an object");
    }
}
