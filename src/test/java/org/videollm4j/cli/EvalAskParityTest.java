package org.videollm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.testutil.CliRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eval asks through ask's steps: each question's answer in eval equals what ask gives for it, with and without
 * the video-memory cache, for the default method and a cached-prefix method (retake). Compares two code paths
 * on the same model, not the model's answers.
 */
class EvalAskParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FRAMES = "6";

    @TempDir
    static Path dir;
    static Path set;

    @BeforeAll
    static void makeSet() {
        set = CliRun.evalSet(dir.resolve("set"), 7117, 2, 8);
    }

    /** (video, question, answer, cache_hit) of every question of a plain eval --json. */
    private static List<String[]> evalAnswers(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("eval", "--model", "models/demo", "--set", set.toString(),
                "--frames", FRAMES, "--max-new-tokens", "8", "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        List<String[]> out = new ArrayList<>();
        for (JsonNode q : JSON.readTree(r.out()).get("sets").get(0).get("questions")) {
            out.add(new String[]{q.get("video").asText(), q.get("question").asText(), q.get("answer").asText(),
                    q.get("cache_hit").asText()});
        }
        return out;
    }

    private static String ask(String video, String question, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("ask", video, question, "--model", "models/demo",
                "--frames", FRAMES, "--max-new-tokens", "8", "--json", "--no-cache"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return JSON.readTree(r.out()).get("answer").asText();
    }

    @Test
    void evalAnswersAreAsksWithAndWithoutTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        List<String[]> noCache = evalAnswers("--no-cache");
        List<String[]> miss = evalAnswers("--cache-dir", cache.toString());
        List<String[]> hit = evalAnswers("--cache-dir", cache.toString());
        assertThat(noCache).hasSizeGreaterThan(4);
        assertThat(miss).hasSameSizeAs(noCache);
        assertThat(hit).hasSameSizeAs(noCache);
        for (int i = 0; i < noCache.size(); i++) {
            String[] q = noCache.get(i);
            assertThat(q[3]).isEqualTo("false");
            assertThat(miss.get(i)[3]).isEqualTo("false");
            assertThat(hit.get(i)[3]).as("second eval reads the memories the first stored").isEqualTo("true");
            assertThat(miss.get(i)[2]).as(q[1]).isEqualTo(q[2]);
            assertThat(hit.get(i)[2]).as(q[1]).isEqualTo(q[2]);
        }
        // ask one question per video in a different order than eval asked them (the prefix is rolled back
        // between eval's questions, so order must not matter), and every question of the first video
        List<Integer> which = new ArrayList<>();
        for (int i = noCache.size() - 1; i >= 0; i--) {
            if (i == noCache.size() - 1 || !noCache.get(i)[0].equals(noCache.get(i + 1)[0]) || noCache.get(i)[0].equals(noCache.get(0)[0])) {
                which.add(i);
            }
        }
        for (int i : which) {
            String[] q = noCache.get(i);
            assertThat(ask(q[0], q[1])).as(q[1]).isEqualTo(q[2]);
        }
    }

    @Test
    void methodEvalAnswersAreAsksWithTheCachedPrefix() throws Exception {
        Path cache = dir.resolve("cache-retake");
        String[] retake = {"--method", "retake", "--kv-budget", "0.5"};
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // miss, then hit (memory and PivotKV prefix from the cache)
            Path out = dir.resolve("out" + i);
            CliRun r = CliRun.run("eval", "--model", "models/demo", "--set", set.toString(), "--frames", FRAMES,
                    "--max-new-tokens", "8", "--kinds", "needle,count", "--cache-dir", cache.toString(),
                    "--out", out.toString(), retake[0], retake[1], retake[2], retake[3]);
            assertThat(r.code()).as(r.err()).isEqualTo(0);
            runs.add(JSON.readTree(out.resolve("results.json").toFile()));
        }
        JsonNode first = runs.get(0).get("questions"), second = runs.get(1).get("questions");
        assertThat(first.size()).isGreaterThanOrEqualTo(2);
        assertThat(second.size()).isEqualTo(first.size());
        for (int i = 0; i < first.size(); i++) {
            JsonNode q = first.get(i);
            assertThat(second.get(i).get("answer").asText()).isEqualTo(q.get("answer").asText());
            assertThat(ask(q.get("video").asText(), q.get("question").asText(), retake)).as(q.get("question").asText())
                    .isEqualTo(q.get("answer").asText());
        }
    }
}
