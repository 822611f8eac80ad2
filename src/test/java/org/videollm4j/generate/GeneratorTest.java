package org.videollm4j.generate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorTest {
    static SmolVlmModel model;
    static LlamaModel text;
    static final int[] PROMPT = {1, 40, 41, 42, 43, 44, 50, 60, 70};

    @BeforeAll
    static void load() {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-gqa-f32"));
        text = model.textModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private GenerationResult run(GenerateOptions o, List<Integer> streamed) {
        return new Generator(text).generate(text.embed(PROMPT), IntStream.range(0, PROMPT.length).toArray(),
                text.newCache(), o, streamed == null ? null : streamed::add);
    }

    @Test
    void stopsAtStopIdAndStreamsEveryToken() {
        GenerationResult free = run(GenerateOptions.greedy(8, Set.of()), null);
        assertThat(free.stopped()).isFalse();
        int stop = free.tokens()[3];
        int firstStop = IntStream.range(0, 8).filter(i -> free.tokens()[i] == stop).findFirst().getAsInt();
        List<Integer> streamed = new ArrayList<>();
        GenerationResult r = run(GenerateOptions.greedy(8, Set.of(stop)), streamed);
        assertThat(r.stopped()).isTrue();
        assertThat(r.tokens()).hasSize(firstStop + 1).endsWith(stop);
        assertThat(streamed).containsExactlyElementsOf(IntStream.of(r.tokens()).boxed().toList());
        GenerationResult ignoring = run(GenerateOptions.greedy(8, Set.of(stop)).withIgnoreStop(true), null);
        assertThat(ignoring.tokens()).containsExactly(free.tokens());
    }

    @Test
    void seededSamplingIsReproducibleAndTopKOneIsGreedy() {
        GenerateOptions base = GenerateOptions.greedy(10, Set.of());
        GenerationResult greedy = run(base, null);
        GenerationResult a = run(base.withSampling(1.0, 1.0, 0, 42), null);
        GenerationResult b = run(base.withSampling(1.0, 1.0, 0, 42), null);
        assertThat(a.tokens()).containsExactly(b.tokens());
        boolean anyDiffers = false;
        for (long seed = 1; seed <= 5 && !anyDiffers; seed++) {
            anyDiffers = !java.util.Arrays.equals(run(base.withSampling(1.0, 1.0, 0, seed), null).tokens(), a.tokens());
        }
        assertThat(anyDiffers).as("different seeds give different samples").isTrue();
        assertThat(run(base.withSampling(0.7, 1.0, 1, 9), null).tokens()).containsExactly(greedy.tokens());
        assertThat(run(base.withSampling(1.0, 1e-9, 0, 9), null).tokens()).containsExactly(greedy.tokens());
    }

    @Test
    void samplerFollowsTheDistribution() {
        float[] logits = {0f, (float) Math.log(3), -100f};
        Sampler s = new Sampler(1.0, 1.0, 0, 7);
        int[] counts = new int[3];
        for (int i = 0; i < 4000; i++) {
            counts[s.next(logits)]++;
        }
        assertThat(counts[2]).isZero();
        assertThat(counts[1] / 4000.0).isBetween(0.72, 0.78);
        Sampler nucleus = new Sampler(1.0, 0.7, 0, 7);
        for (int i = 0; i < 200; i++) {
            assertThat(nucleus.next(logits)).isEqualTo(1);
        }
        assertThat(Sampler.argmax(new float[]{1, 3, 3})).isEqualTo(1);
    }
}
