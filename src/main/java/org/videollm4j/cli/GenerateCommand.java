package org.videollm4j.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.ImagePromptRunner;
import org.videollm4j.generate.TextStreamer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code videollm4j generate}: a prompt (and images) through a model's chat template, then decoding. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a SmolVLM-architecture model on a text prompt and optional images.",
                "The prompt goes through the model's chat template with the images placed before",
                "the text, as SmolVLM does; decoding is greedy unless --temperature is given,",
                "and stops at the model's end-of-utterance token or --max-new-tokens."},
        footer = {"",
                "Examples:",
                "  videollm4j generate --model testdata/models/tiny-gqa-f32 --image testdata/images/house_40x30.png \\",
                "      --prompt 'What is in this picture?'",
                "  videollm4j generate --model DIR --prompt 'Hello' --temperature 0.8 --seed 7 --json"})
public final class GenerateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--image", paramLabel = "PNG", description = "An image (PNG/JPEG); repeat for several.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The user message.")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "N",
            description = "Tokens to generate at most (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sample with this temperature (> 0); default: the generation config (greedy for SmolVLM).")
    Double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object: prompt_ids, generated_ids, text, first_step_top.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (maxNewTokens <= 0) {
            throw new UsageException("--max-new-tokens must be positive, got " + maxNewTokens);
        }
        if (temperature != null && !(temperature >= 0)) {
            throw new UsageException("--temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new UsageException("--top-p must be in (0, 1], got " + topP);
        }
        Path dir = model.dir();
        PrintWriter out = spec.commandLine().getOut();
        try (ImagePromptRunner runner = ImagePromptRunner.load(dir)) {
            GenerateOptions options = GenerateOptions.from(runner.model().generationConfig(), maxNewTokens, seed);
            if (temperature != null) {
                options = options.withSampling(temperature, topP, 0, seed);
            }
            TextStreamer streamer = json ? null : new TextStreamer(runner.tokenizer(), piece -> {
                out.print(piece);
                out.flush();
            });
            ImagePromptRunner.Result r = runner.run(images, prompt, options, streamer);
            GenerationResult g = r.generation();
            if (json) {
                out.println(JSON.writeValueAsString(toJson(r, runner)));
            } else {
                out.println();
            }
        }
        return 0;
    }

    private static ObjectNode toJson(ImagePromptRunner.Result r, ImagePromptRunner runner) {
        GenerationResult g = r.generation();
        ObjectNode o = JSON.createObjectNode();
        ArrayNode promptIds = o.putArray("prompt_ids");
        IntStream.of(r.promptIds()).forEach(promptIds::add);
        ArrayNode generated = o.putArray("generated_ids");
        IntStream.of(g.tokens()).forEach(generated::add);
        o.put("text", runner.tokenizer().decode(g.tokens(), true));
        o.put("stopped", g.stopped());
        int vocab = g.stepLogits().length / g.tokens().length;
        float[] first = g.stepLogits(); // row 0 = logits at the last prompt position
        ArrayNode top = o.putArray("first_step_top");
        IntStream.range(0, vocab).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -first[i]).thenComparingInt(i -> i))
                .limit(10)
                .forEach(i -> top.addObject().put("id", i).put("logit", first[i]));
        return o;
    }
}
