package org.videollm4j.cli;

import org.videollm4j.testutil.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.ExitCodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ask and eval end to end on the bundled demo model (models/demo) and generated videos; bad input. */
class AskEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path set;


    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void makeSet() {
        set = CliRun.evalSet(dir.resolve("set"), 424242, 2, 8);
    }

    private static Path video(int i) {
        return set.resolve(String.format("world-%04d", i)).resolve("video.mp4");
    }

    @Test
    void askJsonReportsFramesTokensAndTimings() throws Exception {
        CliRun r = run("ask", video(0).toString(), "What digit was shown on the card?", "--model", "models/demo", "--json", "--no-cache"); // a cache hit would skip decoding
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("answer").isTextual()).isTrue();
        assertThat(j.get("frames_sampled").asInt()).isEqualTo(8); // 8 s at the default 1 fps
        assertThat(j.get("visual_tokens").asInt()).isEqualTo(8 * 4); // 4 image tokens per frame in the demo model
        assertThat(j.get("prompt_tokens").asInt()).isGreaterThan(8 * (4 + 3 + 10));
        for (String k : List.of("decode", "vision", "generate", "total")) {
            assertThat(j.get("timings_ms").has(k)).as(k).isTrue();
        }
    }

    @Test
    void askWithoutModelUsesTheBundledModelAndFramesOption() throws Exception {
        CliRun r = run("ask", video(1).toString(), "What colour was the star?", "--frames", "5", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(JSON.readTree(r.out()).get("frames_sampled").asInt()).isEqualTo(5);
    }

    @Test
    void evalJsonCountsEveryQuestionByKind() throws Exception {
        int questions = 0;
        for (int i = 0; i < 2; i++) {
            questions += (int) Files.readAllLines(video(i).resolveSibling("questions.jsonl")).stream()
                    .filter(l -> !l.isBlank()).count();
        }
        CliRun r = run("eval", "--model", "models/demo", "--set", set.toString(), "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("overall").get("total").asInt()).isEqualTo(questions);
        int byKind = 0;
        for (var it = j.get("by_kind").fields(); it.hasNext(); ) {
            var e = it.next();
            assertThat(Set.of("needle", "attribute", "order", "count")).contains(e.getKey());
            byKind += e.getValue().get("total").asInt();
        }
        assertThat(byKind).isEqualTo(questions);
        JsonNode qs = j.get("sets").get(0).get("questions");
        assertThat(qs.size()).isEqualTo(questions);
        int correct = 0;
        Set<String> videos = new HashSet<>();
        for (JsonNode q : qs) {
            boolean ok = q.get("expected").asText().equalsIgnoreCase(q.get("answer").asText().strip());
            assertThat(q.get("correct").asBoolean()).isEqualTo(ok);
            correct += ok ? 1 : 0;
            videos.add(q.get("video").asText());
        }
        assertThat(videos).hasSize(2);
        assertThat(j.get("overall").get("correct").asInt()).isEqualTo(correct);
    }

    @Test
    void evalKindsFilterAndUnknownKind() throws Exception {
        CliRun r = run("eval", "--model", "models/demo", "--set", set.toString(), "--kinds", "needle", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("by_kind").size()).isEqualTo(1);
        assertThat(j.get("overall").get("total").asInt()).isEqualTo(2); // one needle question per world
        CliRun bad = run("eval", "--set", set.toString(), "--kinds", "needle,colour");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("colour").contains("needle, attribute, order, count");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void folderThatIsNotAModelIsOneLineError() {
        CliRun r = run("ask", video(0).toString(), "What?", "--model", set.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").contains(set.toString()).contains("not a model folder");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void questionTooLongForTheContextNamesTheLimit() {
        String q = "What colour was the star? ".repeat(300); // ~2100 tokens > 2048
        CliRun r = run("ask", video(0).toString(), q, "--model", "models/demo");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("2048").contains("max_position_embeddings");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void notAVideoIsOneLineError() throws Exception {
        Path fake = dir.resolve("empty.mp4");
        Files.write(fake, new byte[0]);
        CliRun r = run("ask", fake.toString(), "What?", "--model", "models/demo");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("empty.mp4");
    }
}
