package org.videollm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.testutil.CliRun;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** make-data transcripts: the true per-frame transcript of an eval set's worlds, checked against their ground truth. */
class TranscriptsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path set;

    @BeforeAll
    static void makeSet() {
        set = CliRun.evalSet(dir.resolve("set"), 515151, 2, 10);
    }

    @Test
    void everyQuestionGetsTheTranscriptOfItsWorldWhichShowsTheEventsAtTheirTimes() throws Exception {
        Path out = dir.resolve("true.json");
        CliRun r = CliRun.run("make-data", "transcripts", "--set", set.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode questions = JSON.readTree(out.toFile()).get("sets").get(0).get("questions");
        List<JsonNode> truth = new ArrayList<>();
        for (String w : List.of("world-0000", "world-0001")) {
            for (String line : Files.readAllLines(set.resolve(w).resolve("questions.jsonl"), StandardCharsets.UTF_8)) {
                truth.add(JSON.readTree(line));
            }
        }
        assertThat(questions).hasSize(truth.size());
        int needles = 0;
        for (int i = 0; i < truth.size(); i++) {
            JsonNode q = questions.get(i);
            JsonNode t = truth.get(i);
            assertThat(q.get("question").asText()).isEqualTo(t.get("question").asText());
            assertThat(q.get("expected").asText()).isEqualTo(t.get("answer").asText());
            String[] lines = q.get("description").asText().split("\n");
            assertThat(lines).hasSize(10); // one line per frame at 1 fps
            for (int s = 0; s < 10; s++) {
                assertThat(lines[s]).startsWith(String.format("00:%02d ", s));
            }
            if (t.get("kind").asText().equals("needle")) {
                // the card is on screen at every whole second inside its ground-truth interval
                JsonNode span = t.get("event_times_s").get(0);
                for (int s = (int) Math.ceil(span.get(0).asDouble()); s < span.get(1).asDouble() && s < 10; s++) {
                    assertThat(lines[s]).endsWith(" card " + t.get("answer").asText());
                    needles++;
                }
            }
        }
        assertThat(needles).isPositive();
    }

    @Test
    void aWorldTheSeedDoesNotRebuildIsRefusedNamingItsFile() throws Exception {
        Path other = CliRun.evalSet(dir.resolve("other"), 515151, 1, 10);
        Path world = other.resolve("world-0000").resolve("world.json");
        Files.writeString(world, Files.readString(world).replace("\"seed\" : 515151000000", "\"seed\" : 515151000001"));
        Path out = dir.resolve("refused.json");
        CliRun r = CliRun.run("make-data", "transcripts", "--set", other.toString(), "--out", out.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(world.toString()).contains("does not rebuild this world");
        assertThat(out).doesNotExist();
    }
}
