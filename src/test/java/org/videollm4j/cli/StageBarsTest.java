package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.testutil.CliRun;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress bars: counted per step without a terminal; silent with --json or when stderr is not a terminal. */
class StageBarsTest {

    @Test
    void countsTheStepsOfEachStage() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (StageBars b = new StageBars("ask", new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            assertThat(b.enabled()).isTrue();
            b.stage("decoding v.mp4", 16);
            for (int i = 0; i < 16; i++) {
                b.step(1);
                assertThat(b.state()).isEqualTo("decoding v.mp4 " + (i + 1) + "/16");
            }
            b.stage("encoding 16 frames", 16);
            assertThat(b.state()).isEqualTo("encoding 16 frames 0/16");
            b.step(8); // one batch of frames
            b.step(8);
            assertThat(b.state()).isEqualTo("encoding 16 frames 16/16");
            b.stage("prefill 300 tokens", 5);
            b.step(1);
            assertThat(b.state()).isEqualTo("prefill 300 tokens 1/5");
            b.accept("answering"); // a stage without counted steps
            b.step(1);
            assertThat(b.state()).isEqualTo("answering 1/0");
        }
        String drawn = buf.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("ask: decoding v.mp4").contains("ask: encoding 16 frames").contains("ask: answering");
        assertThat(drawn).contains("16/16").contains("frames").contains("chunks");
        assertThat(StageBars.unit("prefill 300 tokens")).isEqualTo("chunks");
        assertThat(StageBars.unit("decoding v.mp4")).isEqualTo("frames");
    }

    @Test
    void silentWithoutAStream() {
        StageBars b = new StageBars("ask", null);
        b.stage("decoding v.mp4", 4);
        b.step(4);
        b.close();
        assertThat(b.enabled()).isFalse();
        assertThat(b.state()).isEqualTo(" 0/0"); // nothing counted: nothing is drawn
        assertThat(StageBars.forStderr("ask", true).enabled()).as("--json").isFalse();
    }

    @Test
    void askAndChatPrintNoProgressWhenStderrIsNotATerminal(@TempDir Path dir) throws Exception {
        // the tests' stderr is a pipe (no console), as under a pipe or a log
        CliRun synth = CliRun.run("synth", "--seed", "3", "--seconds", "6", "--size", "64", "--out", dir.resolve("w").toString());
        assertThat(synth.code()).as(synth.err()).isEqualTo(0);
        String video = dir.resolve("w/video.mp4").toString();
        CliRun ask = CliRun.run("ask", video, "What colour was the star?", "--model", "models/demo", "--frames", "4",
                "--max-new-tokens", "4", "--no-cache");
        assertThat(ask.code()).as(ask.err()).isEqualTo(0);
        assertThat(ask.err()).isEmpty();
        CliRun json = CliRun.run("ask", video, "What colour was the star?", "--model", "models/demo", "--frames", "4",
                "--max-new-tokens", "4", "--no-cache", "--json");
        assertThat(json.code()).as(json.err()).isEqualTo(0);
        assertThat(json.err()).isEmpty();
        assertThat(new ObjectMapper().readTree(json.out()).has("answer")).isTrue();
        CliRun chat = CliRun.withInput("What colour was the star?\n", "chat", video, "--model", "models/demo",
                "--frames", "4", "--max-new-tokens", "4", "--no-cache");
        assertThat(chat.code()).as(chat.err()).isEqualTo(0);
        assertThat(chat.err()).isEmpty();
    }
}
