package org.videollm4j.compress.layer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.compress.kv.ChunkedPrefill;
import org.videollm4j.compress.kv.Prompts;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** LP-Comp and FastV on the tiny GQA model (2 layers). */
class LayerScheduleTest {
    static SmolVlmModel model;
    static LlamaModel text;
    static int hidden;

    @BeforeAll
    static void load() {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-gqa-f32"));
        text = model.textModel();
        hidden = text.config().hiddenSize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void cosineScheduleMatchesXComp() {
        assertThat(LpCompSchedule.tokensPerFrame(16, 28)).containsExactly(
                16, 16, 16, 15, 15, 14, 14, 13, 12, 12, 11, 10, 9, 9, 8, 7, 6, 5, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1);
        double mean = Arrays.stream(LpCompSchedule.tokensPerFrame(16, 28)).average().orElseThrow();
        assertThat(mean).isCloseTo(8.25, org.assertj.core.data.Offset.offset(0.01));
        assertThat(LpCompSchedule.applied(16, 28)).startsWith(16, 16, 16, 16, 15).endsWith(2, 1, 1, 1);
        assertThat(LpCompSchedule.tokensPerFrame(4, 2)).containsExactly(3, 1);
        assertThat(LpCompSchedule.applied(4, 2)).containsExactly(4, 3);
        assertThat(LpCompSchedule.tokensPerFrame(1, 5)).containsOnly(1);
    }

    static LlamaModel.Output forward(Prompts.Prompt p, int[] pos, KvCache c, LayerHook hook) {
        TokenStates s = new TokenStates(p.embeddings().clone(), p.length(), hidden, pos, p.tags());
        return text.forward(s, c, LlamaModel.Logits.ALL, null, hook);
    }

    @Test
    void lpCompLeavesTheScheduledTokensWithCompactedPositions() {
        Prompts.Prompt p = Prompts.synthetic(text, 1, 3, 5, 2, 8, 4); // 5 frames of 8
        KvCache c = text.newCache();
        LpCompHook hook = new LpCompHook(new int[]{8, 3});
        LlamaModel.Output out = forward(p, IntStream.range(0, p.length()).toArray(), c, hook);
        assertThat(Prompts.countVisual(c, 0)).isEqualTo(40);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(15);
        assertThat(hook.visualPerLayer()).containsExactly(40, 15);
        assertThat(c.layer(1).positions()).containsExactly(IntStream.range(0, c.size(1)).toArray());
        assertThat(c.layer(0).positions()).containsExactly(IntStream.range(0, p.length()).toArray());
        // suffix keep: the survivors of each frame are its last 3 tokens (input rows 5+8f+2 .. )
        int[] rows = out.rows();
        for (int f = 0; f < 5; f++) {
            int frameStart = 3 + f * 10 + 2;
            for (int i = 0; i < 8; i++) {
                int row = frameStart + i;
                assertThat(Arrays.binarySearch(rows, row) >= 0).as("row " + row).isEqualTo(i >= 5);
            }
        }
    }

    @Test
    void decodingAfterLpCompEqualsFullRecomputationWithTheSameDrops() {
        Prompts.Prompt p = Prompts.synthetic(text, 2, 3, 6, 2, 8, 5);
        int[] schedule = {8, 2};
        // chunked prefill (2 frames per chunk) with the hook, then incremental greedy decoding
        KvCache c = text.newCache();
        LpCompHook hook = new LpCompHook(schedule);
        ChunkedPrefill.Result r = new ChunkedPrefill(text, null, hook).run(p.embeddings(), p.tags(), null, 2, c);
        int steps = 6;
        GenerationResult g = new Generator(text, null, hook).decode(c, r.lastLogits(), r.nextPosition(),
                GenerateOptions.greedy(steps, Set.of()).withStepLogits(true), null);
        // one forward of prompt + generated tokens with a fresh hook
        int[] gen = g.tokens();
        float[] genEmb = text.embed(gen);
        float[] all = Arrays.copyOf(p.embeddings(), p.embeddings().length + genEmb.length);
        System.arraycopy(genEmb, 0, all, p.embeddings().length, genEmb.length);
        int[] tags = IntStream.concat(Arrays.stream(p.tags()), IntStream.generate(() -> TokenTag.TEXT).limit(gen.length)).toArray();
        Prompts.Prompt whole = new Prompts.Prompt(all, tags);
        KvCache full = text.newCache();
        LlamaModel.Output out = forward(whole, IntStream.range(0, whole.length()).toArray(), full, new LpCompHook(schedule));
        int v = text.config().vocabSize();
        float[] expected = new float[steps * v];
        int[] rows = out.rows();
        for (int s = 0; s < steps; s++) {
            int row = p.length() - 1 + s; // logits at the last prompt token, then at each generated token but the last
            int at = Arrays.binarySearch(rows, row);
            System.arraycopy(out.logits(), at * v, expected, s * v, v);
        }
        assertThat(Prompts.relError(g.stepLogits(), expected)).isLessThanOrEqualTo(1e-5);
        for (int l = 0; l < c.numLayers(); l++) {
            assertThat(c.layer(l).positions()).as("layer " + l).containsExactly(
                    Arrays.copyOf(full.layer(l).positions(), c.size(l)));
        }
    }

    @Test
    void fastVDropsTheShareOfVisualTokensFromLaterLayers() {
        Prompts.Prompt p = Prompts.synthetic(text, 3, 4, 5, 2, 9, 6); // 45 visual
        KvCache c = text.newCache();
        FastV fastV = new FastV(1, 0.5);
        TokenStates s = new TokenStates(p.embeddings().clone(), p.length(), hidden,
                IntStream.range(0, p.length()).toArray(), p.tags());
        text.forward(s, c, LlamaModel.Logits.LAST, fastV, fastV);
        assertThat(fastV.dropped()).isEqualTo(22);
        assertThat(Prompts.countVisual(c, 0)).isEqualTo(45);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(45 - 22);
        assertThat(c.size(1)).isEqualTo(p.length() - 22);
        // the survivors are the visual tokens the last token attended to most
        float[] att = fastV.lastTokenAttention();
        java.util.Set<Integer> kept = Arrays.stream(c.layer(1).positions()).boxed().collect(java.util.stream.Collectors.toSet());
        float minKept = Float.MAX_VALUE;
        float maxGone = -Float.MAX_VALUE;
        for (int i = 0; i < c.size(0); i++) {
            if (TokenTag.isVisual(c.layer(0).tag(i))) {
                if (kept.contains(c.layer(0).position(i))) {
                    minKept = Math.min(minKept, att[i]);
                } else {
                    maxGone = Math.max(maxGone, att[i]);
                }
            }
        }
        assertThat(minKept).isGreaterThanOrEqualTo(maxGone);
        // acts once: a decoding step drops nothing more
        text.forward(new TokenStates(text.embed(new int[]{5}), 1, hidden, new int[]{p.length()}, null), c,
                LlamaModel.Logits.LAST, fastV, fastV);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(23);
    }

    @Test
    void fastVRemovesEarlierChunksTokensByPosition() {
        Prompts.Prompt p = Prompts.synthetic(text, 4, 4, 4, 2, 6, 5); // 24 visual
        KvCache c = text.newCache();
        int cut = 20; // an earlier call holds the first frames
        forward(p.slice(0, cut, hidden), IntStream.range(0, cut).toArray(), c, LayerHook.NONE);
        FastV fastV = new FastV(1, 0.5);
        Prompts.Prompt rest = p.slice(cut, p.length(), hidden);
        text.forward(new TokenStates(rest.embeddings().clone(), rest.length(), hidden,
                IntStream.range(cut, p.length()).toArray(), rest.tags()), c, LlamaModel.Logits.LAST, fastV, fastV);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(12);
        assertThat(c.size(1)).isEqualTo(p.length() - 12);
    }

    @Test
    void fastVThroughChunkedPrefillActsOnTheFinalChunkOnly() {
        Prompts.Prompt p = Prompts.synthetic(text, 5, 4, 6, 2, 5, 6); // 30 visual
        KvCache c = text.newCache();
        FastV fastV = new FastV(1, 0.3);
        ChunkedPrefill.Result r = new ChunkedPrefill(text, fastV.asPolicy(), fastV).run(p.embeddings(), p.tags(), null, 2, c);
        assertThat(fastV.dropped()).isEqualTo(9);
        assertThat(Prompts.countVisual(c, 0)).isEqualTo(30);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(21);
        assertThat(r.trace().visualPerLayer()).containsExactly(30, 21);
        new Generator(text, null, fastV).decode(c, r.lastLogits(), r.nextPosition(), GenerateOptions.greedy(3, Set.of()), null);
        assertThat(Prompts.countVisual(c, 1)).isEqualTo(21);
        assertThat(c.size(1)).isEqualTo(p.length() - 9 + 2);
    }
}
