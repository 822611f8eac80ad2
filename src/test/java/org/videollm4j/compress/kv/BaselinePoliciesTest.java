package org.videollm4j.compress.kv;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SnapKV and H2O honour the same budget as PivotKV, never evict text; on the tiny MHA model. */
class BaselinePoliciesTest {
    static SmolVlmModel model;
    static LlamaModel text;

    @BeforeAll
    static void load() {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-mha-f32"));
        text = model.textModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Prompts.Prompt prompt(long seed) {
        return Prompts.synthetic(text, seed, 4, 6, 3, 10, 9); // 60 visual, 3 chunks of 20 with chunk-frames 2
    }

    @Test
    void snapKvKeepsTheBudgetAfterPrefillAndDecodingGoesOn() {
        Prompts.Prompt p = prompt(1);
        KvCache c = text.newCache();
        KvBudget b = new KvBudget(0.3);
        ChunkedPrefill.Result r = new ChunkedPrefill(text, new SnapKv(b, 8, 5), null).run(p.embeddings(), p.tags(), null, 2, c);
        for (int l = 0; l < c.numLayers(); l++) {
            assertThat(Prompts.count(c, l, true)).isEqualTo(b.keep(60)).isEqualTo(18);
            assertThat(Prompts.count(c, l, false)).isEqualTo(p.text());
        }
        assertThat(r.trace().steps()).singleElement().satisfies(s -> assertThat(s.keptPerLayer()).containsOnly(18));
        int[] ids = new Generator(text).decode(c, r.lastLogits(), r.nextPosition(), GenerateOptions.greedy(3, Set.of()), null).tokens();
        assertThat(ids).hasSize(3);
        assertThat(c.size(0)).isEqualTo(p.text() + 18 + 2);
    }

    @Test
    void snapKvPoolAveragesNeighbours() {
        assertThat(SnapKv.avgPool(new float[]{0, 0, 5, 0, 0}, 5)).containsExactly(1, 1, 1, 1, 1);
        assertThat(SnapKv.avgPool(new float[]{3, 0, 0, 0, 0, 0}, 3)).containsExactly(1, 1, 0, 0, 0, 0);
        assertThatThrownBy(() -> new SnapKv(new KvBudget(0.5), 8, 4)).hasMessageContaining("odd kernel");
    }

    @Test
    void h2oHoldsThePivotKvAllowanceWithTheRecentWindow() {
        Prompts.Prompt p = prompt(2);
        KvCache c = text.newCache();
        KvBudget b = new KvBudget(0.25);
        ChunkedPrefill.Result r = new ChunkedPrefill(text, new H2o(b, text.config().numHiddenLayers()), null)
                .run(p.embeddings(), p.tags(), null, 2, c);
        int allowance = 3 * b.keep(20);
        for (int l = 0; l < c.numLayers(); l++) {
            assertThat(Prompts.count(c, l, true)).isEqualTo(allowance).isEqualTo(15);
            assertThat(Prompts.count(c, l, false)).isEqualTo(p.text());
            // the most recent allowance/2 = 7 visual tokens are the last frame's last 7
            int[] tags = Arrays.stream(c.layer(l).tags()).filter(TokenTag::isVisual).toArray();
            assertThat(Arrays.copyOfRange(tags, tags.length - 7, tags.length)).containsOnly(5);
        }
        assertThat(r.trace().steps()).hasSize(3);
        assertThat(r.trace().steps().get(2).keptPerLayer()).containsOnly(15);
        // same count as PivotKV at the same budget
        KvCache pc = text.newCache();
        new ChunkedPrefill(text, new PivotKv(b, PivotKv.Pivots.PROTECT, PositionReforge.Mode.CONTIGUOUS,
                text.config().numAttentionHeads()), null).run(p.embeddings(), p.tags(), null, 2, pc);
        assertThat(Prompts.count(pc, 0, true)).isEqualTo(allowance);
    }

    @Test
    void budgetValidatesAndFits() {
        assertThatThrownBy(() -> new KvBudget(1.5)).hasMessageContaining("--kv-budget").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new KvBudget(0)).hasMessageContaining("(0, 1]");
        assertThat(KvBudget.fitting(1000, 800).ratio()).isEqualTo(1.0);
        assertThat(KvBudget.fitting(1000, 4000).ratio()).isEqualTo(0.25);
        assertThat(new KvBudget(0.1).keep(5)).isEqualTo(1);
        assertThat(new KvBudget(0.1).keep(0)).isZero();
        assertThat(new KvBudget(0.25).keep(33)).isEqualTo(8);
    }

    @Test
    void factoryKnowsTheMethods() {
        KvBudget b = new KvBudget(0.5);
        assertThat(KvPolicies.create("pivotkv", b, text.config()).name()).isEqualTo("pivotkv");
        assertThat(KvPolicies.create("snapkv", b, text.config()).name()).isEqualTo("snapkv");
        assertThat(KvPolicies.create("h2o", b, text.config()).name()).isEqualTo("h2o");
        assertThat(KvPolicies.create("none", b, text.config())).isSameAs(KvPolicy.NONE);
        assertThatThrownBy(() -> KvPolicies.create("fast", b, text.config())).hasMessageContaining("'fast'")
                .hasMessageContaining("pivotkv");
    }
}
