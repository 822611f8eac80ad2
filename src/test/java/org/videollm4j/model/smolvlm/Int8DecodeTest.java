package org.videollm4j.model.smolvlm;

import org.junit.jupiter.api.Test;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.llama.LlamaModel;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Effect of int8 decoding ({@link SmolVlmModel#load(Path, boolean)}) on the tiny goldens: teacher-forced
 * along the reference's greedy ids, each one-token step's logits (int8 weights) against the PyTorch f32
 * step logits. Quantisation moves each weight by at most half a step (1/254 of its group's max), so the
 * logits move by about a percent of their range; the bound below (5%) is far under what would change
 * which logits lead, and the greedy choice must mostly survive.
 */
class Int8DecodeTest {
    @Test
    void int8StepLogitsStayCloseToTheF32Reference() throws Exception {
        double worst = 0;
        int agree = 0, steps = 0;
        for (Path json : Goldens.cases()) {
            Goldens g = Goldens.load(json);
            if (g.tensors().containsKey("pixel_values")) {
                continue; // text-only cases: the image path is f32 either way
            }
            try (SmolVlmModel m = SmolVlmModel.load(Path.of(g.meta().get("model").asText()), true)) {
                assertThat(m.int8Decode()).isTrue();
                int[] ids = g.ints("prompt_ids");
                int[] gen = g.ints("generated_ids");
                int vocab = m.config().text().vocabSize();
                float[] golden = g.tensors().get("step_logits"); // (steps, vocab)
                KvCache cache = m.newCache();
                LlamaModel text = m.textModel();
                text.forward(m.inputEmbeddings(ids, null, 0), IntStream.range(0, ids.length).toArray(), cache,
                        LlamaModel.Logits.LAST);
                double caseWorst = 0;
                for (int t = 1; t < gen.length; t++) {
                    float[] logits = text.forward(m.embed(new int[]{gen[t - 1]}), new int[]{ids.length + t - 1}, cache,
                            LlamaModel.Logits.LAST).row(0);
                    float[] ref = java.util.Arrays.copyOfRange(golden, t * vocab, (t + 1) * vocab);
                    caseWorst = Math.max(caseWorst, Goldens.relError(logits, ref));
                    agree += argmax(logits) == argmax(ref) ? 1 : 0;
                    steps++;
                }
                System.out.printf("int8 %s step_logits rel error %.2e%n", json, caseWorst);
                worst = Math.max(worst, caseWorst);
            }
        }
        System.out.printf("int8 greedy agreement %d / %d steps%n", agree, steps);
        assertThat(steps).as("teacher-forced steps").isGreaterThan(50);
        assertThat(worst).as("int8 step_logits rel error").isLessThanOrEqualTo(0.05).isGreaterThan(0); // not the f32 path
        assertThat((double) agree / steps).as("greedy agreement").isGreaterThanOrEqualTo(0.9);
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
