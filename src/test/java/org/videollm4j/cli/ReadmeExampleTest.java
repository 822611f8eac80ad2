package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command: ask the bundled demo model (no --model) about the shipped demo video. The
 * expected answer is the synth world's ground truth (examples/demo-video/questions.jsonl), not model output.
 */
class ReadmeExampleTest {
    static final String QUESTION = "What digit was shown on the card?";

    @Test
    void bundledModelAnswersTheReadmeQuestionRight() throws Exception {
        Path dir = Path.of("examples/demo-video");
        // the command this test runs is the README's first command, word for word
        assertThat(Files.readString(Path.of("README.md")))
                .contains("```bash\n./videollm4j ask " + dir.resolve("video.mp4") + " \"" + QUESTION + "\"\n./test.sh\n```");
        String expected = null;
        for (String line : Files.readAllLines(dir.resolve("questions.jsonl"))) {
            var q = new ObjectMapper().readTree(line);
            if (q.get("question").asText().equals(QUESTION)) {
                expected = q.get("answer").asText();
            }
        }
        assertThat(expected).isNotNull();
        org.videollm4j.testutil.CliRun r = AskEvalCommandTest.run("ask", dir.resolve("video.mp4").toString(), QUESTION);
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out().strip()).isEqualTo(expected);
    }
}
