package org.videollm4j.model.smolvlm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.llama.LlamaModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity with the PyTorch reference (training/make_reference.py) on every golden case of every tiny
 * checkpoint: vision hidden states, image features, prompt logits and 32 greedy steps (stop ignored).
 * Error measure: max|java - torch| / max|torch| over the whole tensor, must be <= 1e-4.
 */
class SmolVlmParityTest {
    static final double TOL = 1e-4;
    private static final Map<String, SmolVlmModel> MODELS = new HashMap<>();

    @AfterAll
    static void close() {
        MODELS.values().forEach(SmolVlmModel::close);
    }

    private static SmolVlmModel model(String dir) {
        return MODELS.computeIfAbsent(dir, d -> SmolVlmModel.load(Path.of(d)));
    }

    @TestFactory
    List<DynamicTest> everyGoldenCase() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path json : Goldens.cases()) {
            tests.add(DynamicTest.dynamicTest(Goldens.ROOT.relativize(json).toString(), () -> check(Goldens.load(json))));
        }
        assertThat(tests).as("golden cases").hasSizeGreaterThanOrEqualTo(12);
        return tests;
    }

    private void check(Goldens g) {
        SmolVlmModel m = model(g.meta().get("model").asText());
        String name = g.json().toString();
        float[] features = null;
        int frames = 0;
        if (g.tensors().containsKey("pixel_values")) {
            frames = (int) g.shapes().get("pixel_values")[0];
            float[] pixels = g.tensors().get("pixel_values");
            double ev = Goldens.relError(m.visionHidden(pixels, frames), g.tensors().get("vision_hidden"));
            features = m.encodeImages(pixels, frames);
            double ef = Goldens.relError(features, g.tensors().get("image_features"));
            System.out.printf("%s vision_hidden %.2e image_features %.2e%n", name, ev, ef);
            assertThat(ev).as("vision_hidden rel error").isLessThanOrEqualTo(TOL);
            assertThat(ef).as("image_features rel error").isLessThanOrEqualTo(TOL);
        }
        int[] ids = g.ints("prompt_ids");
        int[] positions = IntStream.range(0, ids.length).toArray();
        float[] emb = m.inputEmbeddings(ids, features, frames);
        LlamaModel.Output out = m.textModel().forward(emb, positions, m.newCache(), LlamaModel.Logits.ALL);
        double el = Goldens.relError(out.logits(), g.tensors().get("prompt_logits"));
        assertThat(el).as("prompt_logits rel error").isLessThanOrEqualTo(TOL);

        int steps = g.meta().get("max_new_tokens").asInt();
        GenerateOptions opts = GenerateOptions.greedy(steps, Set.of(g.ints("stop_ids")[0])).withIgnoreStop(true)
                .withStepLogits(true).withPrefillChunk(7);
        GenerationResult r = new Generator(m.textModel()).generate(emb, positions, m.newCache(), opts, null);
        double es = Goldens.relError(r.stepLogits(), g.tensors().get("step_logits"));
        System.out.printf("%s prompt_logits %.2e step_logits %.2e%n", name, el, es);
        assertThat(r.tokens()).as("greedy ids").containsExactly(g.ints("generated_ids"));
        assertThat(es).as("step_logits rel error").isLessThanOrEqualTo(TOL);
    }
}
