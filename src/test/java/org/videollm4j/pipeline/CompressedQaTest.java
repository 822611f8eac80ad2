package org.videollm4j.pipeline;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.compress.kv.KvBudget;
import org.videollm4j.compress.layer.FastV;
import org.videollm4j.compress.layer.LpCompSchedule;
import org.videollm4j.compress.select.UniformSelector;
import org.videollm4j.pipeline.CompressionConfig.Method;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.util.BadInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every method through the compression-aware path on a generated 8 s video with the random tiny model
 * (4 tokens per frame, 2 layers): the trace's numbers agree with each stage's rule.
 */
class CompressedQaTest {
    static final Path MODEL = Path.of("testdata/models/tiny-gqa-f32");
    static final int FRAMES = 8;
    static final int N = 4; // tokens per frame of tiny-gqa-f32
    static final String Q = "What colour was the star?";

    @TempDir
    static Path dir;
    static CompressedQa qa;
    static CompressedQa.Encoded video;

    @BeforeAll
    static void setUp() throws Exception {
        SynthOutput.write(SynthOptions.ofSeconds(8).withSize(64, 64).withFps(2), 11, EnumSet.allOf(QuestionKind.class),
                null, dir.resolve("w"), 2, 23, Duration.ofMinutes(2));
        qa = CompressedQa.load(MODEL);
        video = qa.encode(dir.resolve("w/video.mp4"), SampledVideo.Sampling.count(FRAMES), s -> { });
    }

    @AfterAll
    static void tearDown() {
        qa.close();
    }

    static CompressionConfig cfg(Method m, Integer frames, double kv, boolean lp, int fastvK) {
        return new CompressionConfig(m, frames, 1.0, kv, 4, lp, fastvK, 0.5, 2, null, 1,
                CompressionConfig.DEFAULT_PIVOTS, CompressionConfig.DEFAULT_REFORGE,
                CompressionConfig.DEFAULT_FRAME_TEXT);
    }

    static CompressedQa.Answer ask(CompressionConfig c) {
        return qa.prepare(video, c).ask(Q, 6);
    }

    private static void common(CompressedQa.Answer a) {
        CompressionTrace t = a.trace();
        assertThat(a.framesSampled()).isEqualTo(FRAMES);
        assertThat(t.sampledTimesS()).hasSize(FRAMES);
        assertThat(t.visualTokens().get("sampled")).isEqualTo(FRAMES * N);
        assertThat(t.kvBytes()).isEqualTo(java.util.Arrays.stream(t.kvBytesPerLayer()).sum()).isPositive();
        assertThat(t.kvEntriesPerLayer()).hasSize(2);
        assertThat(t.peakHeapBytes()).isPositive();
        assertThat(t.timingsMs()).containsKeys("decode", "vision", "prefill", "generate", "total");
        assertThat(a.generatedTokens()).isBetween(1, 6);
        assertThat(t.visualTokens().get("kv")).isEqualTo(t.visualPerLayer()[0]);
    }

    @Test
    void noneKeepsEverythingAndEqualsVideoQa() {
        CompressedQa.Answer a = ask(CompressionConfig.none());
        common(a);
        assertThat(a.trace().keptFrames()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(a.visualTokens()).isEqualTo(FRAMES * N);
        assertThat(a.trace().visualPerLayer()).containsExactly(FRAMES * N, FRAMES * N);
        try (VideoQa old = VideoQa.load(MODEL)) {
            VideoQa.Prepared p = old.prepare(video.video(), s -> { });
            VideoQa.Answer b = old.ask(p, Q, 6);
            assertThat(a.answer()).isEqualTo(b.answer());
            assertThat(a.promptTokens()).isEqualTo(b.promptTokens());
            assertThat(a.generatedTokens()).isEqualTo(b.generatedTokens());
            assertThat(a.visualTokens()).isEqualTo(b.visualTokens());
        }
    }

    @Test
    void uniformKeepsTheBudgetedFrames() {
        CompressedQa.Answer a = ask(cfg(Method.UNIFORM, 3, 0.5, false, 2));
        common(a);
        assertThat(a.trace().keptFrames()).containsExactly(UniformSelector.indices(FRAMES, 3));
        assertThat(a.trace().visualTokens().get("selected")).isEqualTo(3 * N);
        assertThat(a.visualTokens()).isEqualTo(3 * N);
        assertThat(a.trace().visualPerLayer()).containsExactly(3 * N, 3 * N);
    }

    @Test
    void retakeKeepsTheKvBudgetPerChunkAndReusesThePrefix() {
        CompressionConfig c = cfg(Method.RETAKE, null, 0.5, false, 2);
        MethodRunner r = qa.prepare(video, c);
        CompressedQa.Answer a = r.ask(Q, 6);
        common(a);
        assertThat(a.visualTokens()).isEqualTo(FRAMES * N); // DPSelect ratio 1 keeps every frame
        int perChunk = new KvBudget(0.5).keep(4 * N);
        assertThat(a.trace().visualPerLayer()).containsExactly(2 * perChunk, 2 * perChunk);
        assertThat(a.trace().kvSteps()).hasSize(2);
        // the compressed prefix serves a second question and the same question again unchanged
        r.ask("What shape was yellow?", 4);
        CompressedQa.Answer again = r.ask(Q, 6);
        assertThat(again.answer()).isEqualTo(a.answer());
        assertThat(again.trace().kvEntriesPerLayer()).containsExactly(a.trace().kvEntriesPerLayer());
    }

    @Test
    void xcompFollowsTheLpCompSchedulePerLayer() {
        CompressedQa.Answer a = ask(cfg(Method.XCOMP, 4, 0.5, true, 2));
        common(a);
        assertThat(a.trace().keptFrames()).hasSize(4);
        assertThat(a.trace().visualTokens().get("selected")).isEqualTo(4 * N);
        int[] schedule = LpCompSchedule.applied(N, 2);
        assertThat(a.trace().visualPerLayer()).containsExactly(4 * schedule[0], 4 * schedule[1]);
    }

    @Test
    void longVlmMergesSegmentsAndPutsGlobalTokensFirst() {
        CompressedQa.Answer a = ask(new CompressionConfig(Method.LONGVLM, null, 1, 0.5, 4, false, 2, 0.5, 2, 5, 1,
                CompressionConfig.DEFAULT_PIVOTS, CompressionConfig.DEFAULT_REFORGE,
                CompressionConfig.DEFAULT_FRAME_TEXT));
        common(a);
        // 2 segments of 4 frames (16 tokens) merged to 5 each, plus 1 global token
        assertThat(a.trace().visualTokens().get("merged")).isEqualTo(2 * 5 + 1);
        assertThat(a.visualTokens()).isEqualTo(11);
        assertThat(a.trace().visualPerLayer()).containsExactly(11, 11);
    }

    @Test
    void fastvDropsAfterLayerK() {
        CompressedQa.Answer a = ask(cfg(Method.FASTV, null, 0.5, false, 1));
        common(a);
        int v = FRAMES * N;
        assertThat(a.trace().visualPerLayer()).containsExactly(v, v - FastV.dropCount(v, 0.5));
    }

    @Test
    void snapKvAndH2oStayWithinTheBudget() {
        int budget = new KvBudget(0.5).keep(FRAMES * N);
        for (Method m : new Method[]{Method.SNAPKV, Method.H2O}) {
            CompressedQa.Answer a = ask(cfg(m, null, 0.5, false, 2));
            common(a);
            for (int v : a.trace().visualPerLayer()) {
                assertThat(v).as(m.word()).isPositive().isLessThanOrEqualTo(budget);
            }
        }
    }

    @Test
    void modelChecksAndContextAreEnforced() {
        assertThatThrownBy(() -> qa.prepare(video, cfg(Method.FASTV, null, 0.5, false, 2)))
                .isInstanceOf(CompressionConfig.Invalid.class).hasMessageContaining("--fastv-k");
        String longQ = "What colour was the star? ".repeat(1200);
        assertThatThrownBy(() -> qa.prepare(video, CompressionConfig.none()).ask(longQ, 4))
                .isInstanceOf(BadInputException.class).hasMessageContaining("max_position_embeddings");
    }

    /**
     * A video too long for the context (900 frames of 4 tokens plus ~13 text tokens each, context 8192) is refused
     * by prepare, before the prefix prefill, for a method without eviction and for PivotKV (its never-evicted
     * text alone is too long); a video that fits still prepares. Random features stand in for encoded frames.
     */
    @Test
    void aVideoPrefixThatCannotFitIsRefusedBeforeItsPrefill() {
        CompressedQa.Encoded longVideo = fakeEncoded(900);
        for (Method m : new Method[]{Method.NONE, Method.RETAKE}) {
            assertThatThrownBy(() -> qa.prepare(longVideo, cfg(m, null, 0.5, false, 2)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("video prefix alone")
                    .hasMessageContaining("after " + m.word())
                    .hasMessageContaining("max_position_embeddings");
        }
        CompressedQa.Encoded shortVideo = fakeEncoded(12);
        assertThat(qa.prepare(shortVideo, cfg(Method.RETAKE, null, 0.5, false, 2)).ask(Q, 2).framesSampled())
                .isEqualTo(12);
    }

    /**
     * xcomp keeps half the frames by default, whatever the question: 1800 of 3600 cannot fit a context of 8192,
     * so prepare refuses before QC-Comp scores anything; with a budget that fits, the same video prepares.
     */
    @Test
    void anXcompBudgetThatCannotFitIsRefusedBeforeQcComp() {
        CompressedQa.Encoded longVideo = fakeEncoded(3600);
        assertThatThrownBy(() -> qa.prepare(longVideo, cfg(Method.XCOMP, null, 0.5, true, 2)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("1800 frames QC-Comp keeps")
                .hasMessageContaining("--select-frames")
                .hasMessageContaining("max_position_embeddings");
        assertThat(qa.prepare(longVideo, cfg(Method.XCOMP, 8, 0.5, true, 2)).config().frameBudget(3600)).isEqualTo(8);
    }

    /** The text before each frame's image run, and the spread of those lengths that ignores the header's run. */
    @Test
    void textRunsSplitAtEachImageRun() {
        int img = 9;
        int[] ids = {1, 2, 3, 4, img, img, 5, 6, img, img, 7, img, img, 8};
        assertThat(MethodRunner.textRuns(ids, img)).containsExactly(4, 2, 1);
        assertThat(MethodRunner.spread(new int[]{40, 2, 1})).isEqualTo(1);
        assertThat(MethodRunner.spread(new int[]{40, 3, 3, 3})).isZero();
        assertThat(MethodRunner.spread(new int[]{40, 3})).isZero();
    }

    /** (frames) encoded frames of seeded random features at 1 fps, 4 tokens each, 2x2 thumbnails. */
    private static CompressedQa.Encoded fakeEncoded(int frames) {
        int hidden = video.features().hidden();
        java.util.Random rnd = new java.util.Random(5);
        float[] tokens = new float[frames * N * hidden]; // (frames, N, hidden)
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) rnd.nextGaussian();
        }
        double[] ts = new double[frames];
        java.util.List<org.videollm4j.image.RgbImage> images = new java.util.ArrayList<>();
        for (int f = 0; f < frames; f++) {
            ts[f] = f;
            images.add(new org.videollm4j.image.RgbImage(2, 2, new byte[12]));
        }
        org.videollm4j.compress.VisualFeatures feats = new org.videollm4j.compress.VisualFeatures(tokens, frames, N,
                hidden, ts);
        SampledVideo v = new SampledVideo(images, java.util.Arrays.stream(ts).boxed().toList(), frames);
        return new CompressedQa.Encoded(v, feats, new org.videollm4j.compress.select.DpSelectSelector(1.0,
                org.videollm4j.compress.select.DpSelect.Variant.PATCH).run(feats), java.util.Map.of());
    }
}
