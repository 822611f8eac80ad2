package org.videollm4j.cli;

import org.videollm4j.testutil.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videollm4j.tokenizer.TinyTokenizers;
import org.videollm4j.util.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code videollm4j tokenize} on the shared golden files. */
class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void reproducesTheGoldenFile(String name) throws IOException {
        Path folder = Path.of("../shared/tokenizers", name);
        Path golden = folder.resolve("golden-ids.jsonl");
        CliRun r = run("tokenize", "--tokenizer", folder.toString(), "--jsonl", golden.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> expected = Files.readAllLines(golden).stream().filter(l -> !l.isBlank()).toList();
        List<String> actual = r.out().lines().toList();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = JSON.readTree(actual.get(i));
            assertThat(got.get("ids")).as("line %d", i + 1).isEqualTo(want.get("ids"));
            assertThat(got.get("decoded").asText()).as("line %d", i + 1).isEqualTo(want.get("decoded").asText());
        }
    }

    /** The tiny byte-level tokenizer of the tokenizer tests: ids are the UTF-8 bytes, plus "ab"=256, "abc"=257. */
    private Path tiny() {
        return TinyTokenizers.write(dir, TinyTokenizers.byteLevel(false));
    }

    @Test
    void textOptionAndJsonStringLines() throws IOException {
        Path tok = tiny();
        CliRun r = run("tokenize", "--tokenizer", tok.toString(), "--text", "abc x");
        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out()).get("ids").toString()).isEqualTo("[257,32,120]");
        Path in = Files.writeString(dir.resolve("in.jsonl"), "\"abc x\"\n\n{\"text\": \"日本\"}\n");
        CliRun r2 = run("tokenize", "--tokenizer", dir.toString(), "--jsonl", in.toString());
        assertThat(r2.code()).isZero();
        List<String> lines = r2.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"ids\":[257,32,120],\"decoded\":\"abc x\"}");
        assertThat(lines.get(1)).as("ASCII-only output").matches("\\p{ASCII}*");
        assertThat(JSON.readTree(lines.get(1)).get("decoded").asText()).isEqualTo("日本");
    }

    @Test
    void badInputIsOneLineAndExitCode3() throws IOException {
        CliRun missing = run("tokenize", "--tokenizer", dir.resolve("none.json").toString(), "--text", "x");
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("none.json");

        Path in = Files.writeString(dir.resolve("in.jsonl"), "\"ok\"\n[1, 2]\n");
        CliRun badLine = run("tokenize", "--tokenizer", tiny().toString(), "--jsonl", in.toString());
        assertThat(badLine.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badLine.err().strip()).doesNotContain("\n").contains("in.jsonl: line 2");

        CliRun usage = run("tokenize", "--tokenizer", "x");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    }
}
