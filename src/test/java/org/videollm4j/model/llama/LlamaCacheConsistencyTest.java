package org.videollm4j.model.llama;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Self-consistency of the decoder with its cache: chunking, incremental decoding, shifts, observers, hooks. */
class LlamaCacheConsistencyTest {
    static final double TOL = 1e-5;
    static SmolVlmModel model;
    static LlamaModel text;

    @BeforeAll
    static void load() {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-gqa-f32"));
        text = model.textModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static int[] randomIds(long seed, int n) {
        Random r = new Random(seed);
        return IntStream.range(0, n).map(i -> r.nextInt(text.config().vocabSize())).toArray();
    }

    static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    static double relError(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            m = Math.max(m, Math.abs(b[i]));
        }
        return d / m;
    }

    @Test
    void chunkedPrefillEqualsOneShot() {
        int n = 45;
        int h = text.config().hiddenSize();
        int[] ids = randomIds(1, n);
        float[] emb = text.embed(ids);
        KvCache one = text.newCache();
        float[] expected = text.forward(emb, range(0, n), one, LlamaModel.Logits.ALL).logits();
        for (int chunk : new int[]{1, 7, 16, 44}) {
            KvCache c = text.newCache();
            float[] got = new float[expected.length];
            for (int s = 0; s < n; s += chunk) {
                int m = Math.min(chunk, n - s);
                float[] part = text.forward(Arrays.copyOfRange(emb, s * h, (s + m) * h), range(s, s + m), c,
                        LlamaModel.Logits.ALL).logits();
                System.arraycopy(part, 0, got, s * text.config().vocabSize(), part.length);
            }
            assertThat(relError(got, expected)).as("chunk " + chunk).isLessThanOrEqualTo(TOL);
            for (int l = 0; l < c.numLayers(); l++) {
                assertThat(c.size(l)).isEqualTo(n);
                assertThat(c.layer(l).positions()).containsExactly(range(0, n));
                float[] k1 = Arrays.copyOf(c.layer(l).keys(), n * c.layer(l).width());
                float[] k0 = Arrays.copyOf(one.layer(l).keys(), n * one.layer(l).width());
                assertThat(relError(k1, k0)).isLessThanOrEqualTo(TOL);
            }
        }
    }

    @Test
    void incrementalDecodeEqualsFullRecompute() {
        int[] prompt = randomIds(2, 20);
        int steps = 12;
        GenerateOptions opts = GenerateOptions.greedy(steps, Set.of()).withStepLogits(true).withPrefillChunk(6);
        GenerationResult r = new Generator(text).generate(text.embed(prompt), range(0, prompt.length), text.newCache(),
                opts, null);
        assertThat(r.tokens()).hasSize(steps);
        int[] all = IntStream.concat(Arrays.stream(prompt), Arrays.stream(r.tokens())).toArray();
        float[] full = text.forward(text.embed(all), range(0, all.length), text.newCache(), LlamaModel.Logits.ALL).logits();
        int v = text.config().vocabSize();
        float[] expected = Arrays.copyOfRange(full, (prompt.length - 1) * v, (prompt.length - 1 + steps) * v);
        assertThat(relError(r.stepLogits(), expected)).isLessThanOrEqualTo(TOL);
    }

    @Test
    void shiftingPositionsReRotatesKeysAsIfComputedThere() {
        int n = 12;
        int[] ids = randomIds(3, n);
        KvCache c = text.newCache();
        text.forward(text.embed(ids), range(0, n), c, LlamaModel.Logits.NONE);
        c.shiftPositions(0, 5, n, 300);
        int[] moved = IntStream.range(0, n).map(i -> i < 5 ? i : i + 300).toArray();
        KvCache direct = text.newCache();
        text.forward(text.embed(ids), moved, direct, LlamaModel.Logits.NONE);
        int w = c.layer(0).width();
        // layer 0's keys depend on positions only through RoPE, so they must agree after the shift
        assertThat(relError(Arrays.copyOf(c.layer(0).keys(), n * w), Arrays.copyOf(direct.layer(0).keys(), n * w)))
                .isLessThanOrEqualTo(TOL);
        assertThat(Arrays.copyOf(c.layer(0).values(), n * w)).containsExactly(Arrays.copyOf(direct.layer(0).values(), n * w));
        assertThat(c.layer(0).positions()).containsExactly(moved);
        assertThat(c.nextPosition()).isEqualTo(n + 300);
    }

    @Test
    void observerSeesOnlyRequestedRowsAndDoesNotChangeResults() {
        int n = 10;
        float[] emb = text.embed(randomIds(4, n));
        float[] plain = text.forward(emb, range(0, n), text.newCache(), LlamaModel.Logits.ALL).logits();
        List<String> calls = new ArrayList<>();
        List<float[]> seen = new ArrayList<>();
        AttentionObserver obs = new AttentionObserver() {
            @Override
            public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
                return layer == 1 ? new int[]{2, queryCount - 1} : null;
            }

            @Override
            public void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs) {
                calls.add(layer + ":" + firstCacheIndex + ":" + Arrays.toString(rows) + ":" + heads + ":" + keyCount);
                seen.add(probs);
            }
        };
        TokenStates s = new TokenStates(emb.clone(), n, text.config().hiddenSize(), range(0, n), null);
        float[] observed = text.forward(s, text.newCache(), LlamaModel.Logits.ALL, obs, LayerHook.NONE).logits();
        assertThat(observed).containsExactly(plain);
        int heads = text.config().numAttentionHeads();
        assertThat(calls).containsExactly("1:0:[2, 9]:" + heads + ":" + n);
        float[] p = seen.get(0); // (heads, 2, n)
        for (int hd = 0; hd < heads; hd++) {
            for (int q = 0; q < 2; q++) {
                int row = q == 0 ? 2 : 9;
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    float v = p[(hd * 2 + q) * n + k];
                    if (k > row) {
                        assertThat(v).as("causal").isZero();
                    }
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void hookDroppingTokensLeavesThemOutOfLaterLayers() {
        int n = 10;
        float[] emb = text.embed(randomIds(5, n));
        int[] keep = {0, 1, 2, 7, 8, 9};
        LayerHook dropAfterLayer0 = (layer, states, cache) -> {
            if (layer == 0) {
                states.keepRows(keep);
            }
        };
        KvCache c = text.newCache();
        TokenStates s = new TokenStates(emb.clone(), n, text.config().hiddenSize(), range(0, n), null);
        LlamaModel.Output out = text.forward(s, c, LlamaModel.Logits.ALL, null, dropAfterLayer0);
        assertThat(out.rows()).containsExactly(keep);
        assertThat(c.size(0)).isEqualTo(n);
        assertThat(c.size(1)).isEqualTo(keep.length);
        assertThat(c.layer(1).positions()).containsExactly(keep);
        // a no-op hook changes nothing
        float[] plain = text.forward(emb, range(0, n), text.newCache(), LlamaModel.Logits.ALL).logits();
        TokenStates s2 = new TokenStates(emb.clone(), n, text.config().hiddenSize(), range(0, n), null);
        assertThat(text.forward(s2, text.newCache(), LlamaModel.Logits.ALL, null, (l, st, ca) -> { }).logits())
                .containsExactly(plain);
        // decoding continues over unequal layer sizes
        float[] next = text.forward(text.embed(new int[]{3}), new int[]{n}, c, LlamaModel.Logits.LAST).row(0);
        assertThat(next).hasSize(text.config().vocabSize());
        assertThat(c.size(0)).isEqualTo(n + 1);
        assertThat(c.size(1)).isEqualTo(keep.length + 1);
    }
}
