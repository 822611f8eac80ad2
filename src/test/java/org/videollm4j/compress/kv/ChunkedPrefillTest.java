package org.videollm4j.compress.kv;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkedPrefillTest {
    static SmolVlmModel model;
    static LlamaModel text;
    static Prompts.Prompt video;

    @BeforeAll
    static void load() throws Exception {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-gqa-f32"));
        text = model.textModel();
        video = Prompts.goldenVideo(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void planAlignsChunksToFramesWithTextBeforeAndAfter() {
        int T = TokenTag.TEXT;
        int[] tags = {T, T, 0, 0, T, 1, 1, T, 2, 2, T, T};
        assertThat(ChunkedPrefill.plan(tags, 2)).containsExactly(
                new ChunkedPrefill.Chunk(0, 0, 2, false),
                new ChunkedPrefill.Chunk(1, 2, 7, true),
                new ChunkedPrefill.Chunk(2, 7, 10, true),
                new ChunkedPrefill.Chunk(3, 10, 12, false));
        assertThat(ChunkedPrefill.plan(tags, 5)).extracting(ChunkedPrefill.Chunk::length).containsExactly(2, 8, 2);
        assertThat(ChunkedPrefill.plan(new int[]{T, T, T}, 1)).containsExactly(new ChunkedPrefill.Chunk(0, 0, 3, false));
        // two frames back to back with no text between are still two frames
        assertThat(ChunkedPrefill.plan(new int[]{0, 0, 1, 1, T}, 1)).extracting(ChunkedPrefill.Chunk::to)
                .containsExactly(2, 4, 5);
        assertThatThrownBy(() -> ChunkedPrefill.plan(tags, 0)).hasMessageContaining("--chunk-frames");
    }

    @Test
    void goldenVideoPlanCoversEveryRowOnce() {
        List<ChunkedPrefill.Chunk> chunks = ChunkedPrefill.plan(video.tags(), 1);
        assertThat(chunks).hasSize(1 + 4 + 1);
        int next = 0;
        for (ChunkedPrefill.Chunk c : chunks) {
            assertThat(c.from()).isEqualTo(next);
            next = c.to();
            long frames = IntStream.range(c.from(), c.to()).map(i -> video.tags()[i]).filter(TokenTag::isVisual)
                    .distinct().count();
            assertThat(frames).isEqualTo(c.video() ? 1 : 0);
        }
        assertThat(next).isEqualTo(video.length());
    }

    @Test
    void chunkedPrefillWithoutEvictionEqualsOneShot() {
        int n = video.length();
        KvCache one = text.newCache();
        float[] expected = text.forward(video.embeddings(), IntStream.range(0, n).toArray(), one,
                LlamaModel.Logits.LAST).row(0);
        for (int chunkFrames : new int[]{1, 2, 3, 4}) {
            KvCache c = text.newCache();
            ChunkedPrefill.Result r = new ChunkedPrefill(text, null, null).run(video.embeddings(), video.tags(), null,
                    chunkFrames, c);
            assertThat(Prompts.relError(r.lastLogits(), expected)).as("chunk frames " + chunkFrames).isLessThanOrEqualTo(1e-5);
            assertThat(r.nextPosition()).isEqualTo(n);
            for (int l = 0; l < c.numLayers(); l++) {
                assertThat(c.layer(l).positions()).containsExactly(IntStream.range(0, n).toArray());
                assertThat(c.layer(l).tags()).containsExactly(video.tags());
            }
            assertThat(r.trace().entriesPerLayer()).containsOnly(n);
            assertThat(r.trace().bytesPerLayer()[0]).isEqualTo(c.bytesUsed(0));
        }
    }

    @Test
    void noOpEvictionChangesNothing() {
        float[] plain = new ChunkedPrefill(text, null, null).run(video.embeddings(), video.tags(), null, 1,
                text.newCache()).lastLogits();
        KvPolicy keepAll = ctx -> {
            for (int l = 0; l < ctx.cache().numLayers(); l++) {
                CacheEdits.keepInRange(ctx.cache(), l, ctx.from()[l], ctx.to()[l],
                        IntStream.range(0, ctx.to()[l] - ctx.from()[l]).toArray());
                ctx.cache().shiftPositions(l, ctx.from()[l], ctx.to()[l], 0);
            }
        };
        float[] kept = new ChunkedPrefill(text, keepAll, null).run(video.embeddings(), video.tags(), null, 1,
                text.newCache()).lastLogits();
        // not bit-exact: VecMath.dot's reduceLanes(ADD) may sum lanes in another order once the JIT compiles
        // it, so two identical runs can differ in the last bit; 1e-6 is far below any eviction effect
        assertThat(Prompts.relError(kept, plain)).isLessThanOrEqualTo(1e-6);
        // PivotKV at budget 1 keeps every token and its reforge maps positions onto themselves
        KvCache c = text.newCache();
        float[] full = new ChunkedPrefill(text, new PivotKv(new KvBudget(1.0), PivotKv.Pivots.PROTECT,
                PositionReforge.Mode.CONTIGUOUS, text.config().numAttentionHeads()), null)
                .run(video.embeddings(), video.tags(), null, 1, c).lastLogits();
        assertThat(Prompts.relError(full, plain)).isLessThanOrEqualTo(1e-6);
        assertThat(c.size(1)).isEqualTo(video.length());
    }

    @Test
    void rejectsAMaskOfTheWrongLength() {
        assertThatThrownBy(() -> new ChunkedPrefill(text, null, null).run(video.embeddings(), video.tags(),
                new boolean[3], 1, text.newCache())).hasMessageContaining("16 visual tokens");
    }
}
