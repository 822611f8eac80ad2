package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.testutil.CliRun;
import org.videollm4j.util.ExitCodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flags ask, chat and eval share (ModelOption, SamplingOptions): the same checks and messages everywhere. */
class SharedOptionsTest {

    @Test
    void samplingFlagsAreCheckedAlikeByEveryCommand(@TempDir Path dir) {
        List<List<String>> commands = List.of(List.of("ask", "v.mp4", "q"), List.of("chat", "v.mp4"),
                List.of("eval", "--set", dir.toString()));
        for (List<String> c : commands) {
            expectUsage(c, List.of("--frames", "0"), "--frames must be at least 1, got 0");
            expectUsage(c, List.of("--fps", "0"), "--fps must be in (0, 240]");
            expectUsage(c, List.of("--fps", "1", "--max-frames", "0"), "--max-frames must be at least 1, got 0");
            expectUsage(c, List.of("--fps", "1", "--frames", "3"), "mutually exclusive");
            expectUsage(c, List.of("--frames", "3", "--max-frames", "2"), "--max-frames goes with --fps");
            expectUsage(c, List.of("--max-new-tokens", "0"), "--max-new-tokens must be at least 1, got 0");
        }
    }

    private static void expectUsage(List<String> command, List<String> flags, String message) {
        String[] args = java.util.stream.Stream.concat(command.stream(), flags.stream()).toArray(String[]::new);
        CliRun r = CliRun.run(args);
        assertThat(r.code()).as("%s", List.of(args)).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as("%s", List.of(args)).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void maxFramesCapsTheFpsSampling(@TempDir Path dir) throws Exception {
        CliRun synth = CliRun.run("synth", "--seed", "4", "--seconds", "6", "--size", "64", "--out", dir.resolve("w").toString());
        assertThat(synth.code()).as(synth.err()).isEqualTo(0);
        CliRun r = CliRun.run("ask", dir.resolve("w/video.mp4").toString(), "What colour was the star?", "--fps", "2",
                "--max-frames", "3", "--max-new-tokens", "2", "--no-cache", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(r.out()).get("frames_sampled").asInt()).isEqualTo(3);
    }

    @Test
    void everyModelFlagNamesAMissingFolderTheSameWay(@TempDir Path dir) throws Exception {
        Path nothing = dir.resolve("no-model");
        Path file = Files.writeString(dir.resolve("model.txt"), "x");
        Path video = Files.write(dir.resolve("v.mp4"), new byte[0]); // the model is checked before the video is read
        List<List<String>> commands = List.of(List.of("ask", video.toString(), "q"), List.of("chat", video.toString()),
                List.of("eval", "--set", dir.toString()), List.of("generate", "--prompt", "hi"),
                List.of("keyframes", video.toString()));
        for (List<String> c : commands) {
            for (Path m : List.of(nothing, file)) {
                String[] args = java.util.stream.Stream.concat(c.stream(), java.util.stream.Stream.of("--model", m.toString()))
                        .toArray(String[]::new);
                CliRun r = CliRun.run(args);
                assertThat(r.code()).as("%s", List.of(args)).isEqualTo(ExitCodes.BAD_INPUT);
                assertThat(r.err().strip()).as("%s", List.of(args)).doesNotContain("\n").contains(m.toString())
                        .contains(m == file ? "not a folder" : "model folder not found");
            }
        }
    }
}
