package org.videollm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videollm4j.testutil.CliRun;
import org.videollm4j.testutil.GoldenTensors;
import org.videollm4j.util.ExitCodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code videollm4j generate --json} end to end (PNG -> processor -> chat template -> tokenizer -> model
 * -> greedy decoding) against the PyTorch goldens of the single-image cases.
 */
class GenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gqa-f32", "tiny-gqa-bf16", "tiny-mha-f32", "tiny-sharded-f32"})
    void matchesTheGoldenImageCase(String model) throws IOException {
        Path dir = Path.of("testdata/goldens", model);
        JsonNode golden = JSON.readTree(dir.resolve("image.json").toFile());
        JsonNode content = golden.get("messages").get(0).get("content");
        List<String> args = new ArrayList<>(List.of("generate", "--model", golden.get("model").asText(), "--json",
                "--max-new-tokens", golden.get("max_new_tokens").asText()));
        golden.get("images").forEach(p -> args.addAll(List.of("--image", p.asText())));
        args.addAll(List.of("--prompt", content.get(1).get("text").asText()));

        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());

        assertThat(ints(out.get("prompt_ids"))).containsExactly(ints(golden.get("prompt_ids")));
        // The CLI stops at the stop id; the golden ran on through it: compare up to the stop.
        int[] want = ints(golden.get("generated_ids"));
        int stop = golden.get("stop_ids").get(0).asInt();
        int end = IntStream.range(0, want.length).filter(i -> want[i] == stop).findFirst().orElse(want.length - 1) + 1;
        assertThat(ints(out.get("generated_ids"))).containsExactly(java.util.Arrays.copyOf(want, end));

        float[] first = GoldenTensors.read(dir.resolve("image.safetensors")).f32("step_logits"); // row 0 of (steps, vocab)
        int vocab = first.length / golden.get("max_new_tokens").asInt();
        int[] top = IntStream.range(0, vocab).boxed().sorted(Comparator.comparingDouble(i -> -first[i]))
                .limit(10).mapToInt(Integer::intValue).toArray();
        JsonNode gotTop = out.get("first_step_top");
        assertThat(gotTop).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(gotTop.get(i).get("id").asInt()).isEqualTo(top[i]);
            assertThat(gotTop.get(i).get("logit").floatValue()).isCloseTo(first[top[i]],
                    org.assertj.core.data.Offset.offset(1e-4f * Math.max(1, Math.abs(first[top[i]]))));
        }
    }

    @Test
    void streamsTextWithoutJson() {
        CliRun r = CliRun.run("generate", "--model", "testdata/models/tiny-gqa-f32", "--prompt", "Hello",
                "--max-new-tokens", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isNotBlank();
    }

    @Test
    void samplingIsReproducibleWithASeed() throws IOException {
        String[] args = {"generate", "--model", "testdata/models/tiny-gqa-f32", "--prompt", "Hello", "--json",
                "--max-new-tokens", "12", "--temperature", "1.5", "--seed", "3"};
        JsonNode a = JSON.readTree(CliRun.run(args).out());
        JsonNode b = JSON.readTree(CliRun.run(args).out());
        assertThat(a.get("generated_ids")).isEqualTo(b.get("generated_ids"));
        args[args.length - 1] = "4";
        JsonNode c = JSON.readTree(CliRun.run(args).out());
        assertThat(c.get("generated_ids")).isNotEqualTo(a.get("generated_ids"));
    }

    @Test
    void promptLongerThanTheContextIsBadInput() {
        String longPrompt = "word ".repeat(3000);
        CliRun r = CliRun.run("generate", "--model", "testdata/models/tiny-gqa-f32", "--prompt", longPrompt);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("max_position_embeddings").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void badArgumentsAreUsageErrorsAndMissingFilesBadInput() {
        CliRun r = CliRun.run("generate", "--model", "testdata/models/tiny-gqa-f32", "--prompt", "x", "--max-new-tokens", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--max-new-tokens");
        r = CliRun.run("generate", "--model", "testdata/models/tiny-gqa-f32", "--prompt", "x", "--image", "nope.png");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("nope.png").hasLineCount(1);
        r = CliRun.run("generate", "--model", "testdata/images", "--prompt", "x");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("testdata/images").hasLineCount(1);
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }
}
