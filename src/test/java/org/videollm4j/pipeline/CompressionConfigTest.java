package org.videollm4j.pipeline;

import org.videollm4j.compress.kv.PivotKv;

import org.junit.jupiter.api.Test;
import org.videollm4j.pipeline.CompressionConfig.Method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Presets map to the right stages; bad values and combinations are refused naming the flag and why. */
class CompressionConfigTest {

    private static CompressionConfig with(Method m, Integer frames, double ratio, double kv, int chunk, boolean lp,
                                          int k, double r) {
        return new CompressionConfig(m, frames, ratio, kv, chunk, lp, k, r, 4, null, 1,
                CompressionConfig.DEFAULT_PIVOTS, CompressionConfig.DEFAULT_REFORGE,
                CompressionConfig.DEFAULT_FRAME_TEXT);
    }

    @Test
    void presetsMapToTheirStages() {
        assertThat(Method.RETAKE.kvPolicy()).isEqualTo("pivotkv");
        assertThat(Method.SNAPKV.kvPolicy()).isEqualTo("snapkv");
        assertThat(Method.H2O.kvPolicy()).isEqualTo("h2o");
        for (Method m : new Method[]{Method.NONE, Method.UNIFORM, Method.XCOMP, Method.LONGVLM, Method.FASTV}) {
            assertThat(m.kvPolicy()).as(m.word()).isEqualTo("none");
        }
        assertThat(CompressionConfig.preset(Method.XCOMP).lpComp()).isTrue();
        for (Method m : Method.values()) {
            assertThat(CompressionConfig.preset(m).lpComp()).as(m.word()).isEqualTo(m == Method.XCOMP);
            assertThat(Method.parse(m.word())).isEqualTo(m);
        }
        assertThat(Method.UNIFORM.usesFrameBudget()).isTrue();
        assertThat(Method.XCOMP.usesFrameBudget()).isTrue();
        assertThat(Method.RETAKE.usesFrameBudget()).isFalse();
        // query-agnostic prefixes are shared by every question; question-dependent methods are not
        assertThat(CompressionConfig.preset(Method.RETAKE).prefixReusable()).isTrue();
        assertThat(CompressionConfig.preset(Method.LONGVLM).prefixReusable()).isTrue();
        assertThat(CompressionConfig.preset(Method.XCOMP).prefixReusable()).isFalse();
        assertThat(CompressionConfig.preset(Method.SNAPKV).prefixReusable()).isFalse();
        assertThat(CompressionConfig.preset(Method.FASTV).prefixReusable()).isFalse();
    }

    @Test
    void frameBudgetAndMergeDefaults() {
        CompressionConfig u = CompressionConfig.preset(Method.UNIFORM);
        assertThat(u.frameBudget(9)).isEqualTo(5);
        assertThat(with(Method.UNIFORM, 20, 1, 0.5, 4, false, 2, 0.5).frameBudget(9)).isEqualTo(9);
        assertThat(u.segmentFrames(10)).isEqualTo(3); // ceil(10 / 4)
        assertThat(u.mergeTarget(40)).isEqualTo(10);
        assertThat(with(Method.RETAKE, null, 1, 0.25, 4, false, 2, 0.5).label()).isEqualTo("retake kv=0.25");
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> with(Method.RETAKE, null, 1, 1.5, 4, false, 2, 0.5))
                .isInstanceOf(CompressionConfig.Invalid.class).hasMessageContaining("--kv-budget").hasMessageContaining("1.5");
        assertThatThrownBy(() -> with(Method.RETAKE, null, 1, 0, 4, false, 2, 0.5))
                .hasMessageContaining("--kv-budget must be in (0, 1]");
        assertThatThrownBy(() -> with(Method.UNIFORM, 0, 1, 0.5, 4, false, 2, 0.5))
                .isInstanceOf(CompressionConfig.Invalid.class).hasMessageContaining("--select-frames").hasMessageContaining("0");
        assertThatThrownBy(() -> with(Method.RETAKE, null, 0, 0.5, 4, false, 2, 0.5)).hasMessageContaining("--select-ratio");
        assertThatThrownBy(() -> with(Method.NONE, null, 1, 0.5, 0, false, 2, 0.5)).hasMessageContaining("--chunk-frames");
        assertThatThrownBy(() -> with(Method.FASTV, null, 1, 0.5, 4, false, 2, 1.0)).hasMessageContaining("--fastv-ratio");
        assertThatThrownBy(() -> Method.parse("zip")).isInstanceOf(CompressionConfig.Invalid.class)
                .hasMessageContaining("--method").hasMessageContaining("zip").hasMessageContaining("retake");
    }

    @Test
    void incompatibleCombinationsSayWhy() {
        assertThatThrownBy(() -> with(Method.RETAKE, null, 1, 0.5, 4, true, 2, 0.5))
                .isInstanceOf(CompressionConfig.Invalid.class).hasMessageContaining("--lp-comp")
                .hasMessageContaining("retake").hasMessageContaining("position");
        assertThatThrownBy(() -> with(Method.LONGVLM, null, 1, 0.5, 4, true, 2, 0.5)).hasMessageContaining("--lp-comp");
        assertThatThrownBy(() -> with(Method.SNAPKV, null, 1, 0.5, 4, true, 2, 0.5)).hasMessageContaining("--lp-comp");
        with(Method.UNIFORM, null, 1, 0.5, 4, true, 2, 0.5); // allowed
    }

    @Test
    void modelChecksRefuseWhatTheModelCannotRun() {
        // 4 frames x 4 tokens = 16 per chunk; 0.2 keeps 3 tokens < 4 frames
        CompressionConfig tight = with(Method.RETAKE, null, 1, 0.2, 4, false, 2, 0.5);
        assertThatThrownBy(() -> tight.checkModel(16, 4, 2)).isInstanceOf(CompressionConfig.Invalid.class)
                .hasMessageContaining("--kv-budget 0.2").hasMessageContaining("fewer tokens than frames");
        with(Method.RETAKE, null, 1, 0.25, 4, false, 2, 0.5).checkModel(16, 4, 2); // 4 tokens for 4 frames: fine
        tight.checkModel(16, 64, 2); // fine with many tokens per frame
        new CompressionConfig(Method.RETAKE, null, 1, 0.2, 4, false, 2, 0.5, 4, null, 1,
                CompressionConfig.DEFAULT_PIVOTS, CompressionConfig.DEFAULT_REFORGE, PivotKv.FrameText.EVICT)
                .checkModel(16, 4, 2); // emptied frames vanish with their text: allowed
        assertThatThrownBy(() -> with(Method.FASTV, null, 1, 0.5, 4, false, 2, 0.5).checkModel(8, 4, 2))
                .hasMessageContaining("--fastv-k 2").hasMessageContaining("2 decoder layers");
        with(Method.FASTV, null, 1, 0.5, 4, false, 1, 0.5).checkModel(8, 4, 2);
    }
}
