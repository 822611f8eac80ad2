package org.videollm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.util.ExitCodes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SynthCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the CLI; returns {exit code, stderr}. */
    private static Object[] run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesVideoQuestionsAndWorldDeterministically(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] common = {"synth", "--seed", "17", "--frames", "48", "--fps", "4", "--size", "64", "--needle-depth", "0.25"};
        assertThat(run(concat(common, "--out", a.toString()))[0]).isEqualTo(0);
        assertThat(run(concat(common, "--out", b.toString()))[0]).isEqualTo(0);
        assertThat(entries(a)).containsExactly("questions.jsonl", "video.mp4", "world.json");
        assertThat(entries(dir)).containsExactly("a", "b"); // no temporary leftovers
        for (String f : List.of("questions.jsonl", "world.json")) {
            assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
        JsonNode world = JSON.readTree(a.resolve("world.json").toFile());
        assertThat(world.get("frame_count").asInt()).isEqualTo(48);
        assertThat(world.get("duration_s").asDouble()).isEqualTo(12.0);
        assertThat(world.get("needle_depth").asDouble()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-3));
        List<String> lines = Files.readAllLines(a.resolve("questions.jsonl"));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode q = JSON.readTree(line);
            assertThat(q.get("question").asText()).endsWith("?");
            assertThat(q.get("answer").asText()).isNotBlank().doesNotContain(" ");
            assertThat(q.get("kind").asText()).isIn("needle", "attribute", "order", "count");
            assertThat(q.get("event_times_s").isArray()).isTrue();
        }
        JsonNode first = JSON.readTree(lines.getFirst());
        assertThat(first.get("kind").asText()).isEqualTo("needle");
        assertThat(first.get("answer").asText()).isEqualTo(cardText(world));
    }

    private static String cardText(JsonNode world) {
        for (JsonNode c : world.get("cards")) {
            if (c.get("needle").asBoolean()) {
                return c.get("text").asText();
            }
        }
        throw new AssertionError("no needle card in world.json");
    }

    @Test
    void kindsFilterTheQuestions(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("o");
        assertThat(run("synth", "--seed", "2", "--seconds", "90", "--size", "32", "--kinds", "count", "--out", out.toString())[0])
                .isEqualTo(0);
        for (String line : Files.readAllLines(out.resolve("questions.jsonl"))) {
            assertThat(JSON.readTree(line).get("kind").asText()).isEqualTo("count");
        }
    }

    @Test
    void unknownKindIsAUsageErrorNamingIt(@TempDir Path dir) throws IOException {
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--kinds", "needle,colour", "--out", dir.resolve("o").toString());
        assertThat(r[0]).isEqualTo(ExitCodes.USAGE);
        assertThat(((String) r[1]).strip()).contains("'colour'").doesNotContain("\n").doesNotContain("Exception");
        assertThat(entries(dir)).isEmpty();
    }

    @Test
    void zeroSecondsIsAUsageError(@TempDir Path dir) throws IOException {
        Object[] r = run("synth", "--seed", "1", "--seconds", "0", "--out", dir.resolve("o").toString());
        assertThat(r[0]).isEqualTo(ExitCodes.USAGE);
        assertThat(((String) r[1]).strip()).contains("--seconds").contains("got 0").doesNotContain("\n");
        assertThat(entries(dir)).isEmpty();
    }

    @Test
    void secondsAndFramesTogetherIsAUsageError(@TempDir Path dir) {
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--frames", "40", "--out", dir.resolve("o").toString());
        assertThat(r[0]).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void missingBackgroundIsBadInputAndWritesNothing(@TempDir Path dir) throws IOException {
        Path existing = dir.resolve("keep");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("questions.jsonl"), "old\n");
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--background", dir.resolve("nope.mp4").toString(),
                "--out", existing.toString());
        assertThat(r[0]).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(((String) r[1]).strip()).contains("nope.mp4").doesNotContain("\n");
        assertThat(entries(dir)).containsExactly("keep");
        assertThat(entries(existing)).containsExactly("questions.jsonl");
        assertThat(Files.readString(existing.resolve("questions.jsonl"))).isEqualTo("old\n");
    }

    @Test
    void backgroundThatIsNotAVideoIsBadInput(@TempDir Path dir) throws IOException {
        Path fake = dir.resolve("fake.mp4");
        Files.writeString(fake, "not a video");
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--background", fake.toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r[0]).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(((String) r[1]).strip()).contains("fake.mp4").doesNotContain("\n");
        assertThat(entries(dir)).containsExactly("fake.mp4");
    }

    @Test
    void outThatIsAFileIsBadInput(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("taken");
        Files.writeString(file, "x");
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--out", file.toString());
        assertThat(r[0]).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void badSizeAndDepthAreUsageErrors(@TempDir Path dir) {
        assertThat(run("synth", "--seed", "1", "--seconds", "10", "--size", "65", "--out", dir.resolve("o").toString())[0])
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("synth", "--seed", "1", "--seconds", "10", "--size", "big", "--out", dir.resolve("o").toString())[0])
                .isEqualTo(ExitCodes.USAGE);
        Object[] r = run("synth", "--seed", "1", "--seconds", "10", "--needle-depth", "2", "--out", dir.resolve("o").toString());
        assertThat(r[0]).isEqualTo(ExitCodes.USAGE);
        assertThat((String) r[1]).contains("2.0");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
