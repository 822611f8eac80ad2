package org.videollm4j.bench;

import org.junit.jupiter.api.Test;
import org.videollm4j.testutil.CliRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class BenchPiecesTest {
    @Test
    void ratioIsOurThroughputOverTheReferences() {
        StageResult faster = new StageResult("prefill", "tokens", 100, 0.5, 2.0, 3);
        assertThat(faster.oursPerSecond()).isCloseTo(200, offset(1e-9));
        assertThat(faster.refPerSecond()).isCloseTo(50, offset(1e-9));
        assertThat(faster.ratio()).isCloseTo(4, offset(1e-9));
        assertThat(new StageResult("vision", "frames", 1, 3.0, 1.5, 1).ratio()).isCloseTo(0.5, offset(1e-9));
        assertThatThrownBy(() -> new StageResult("decode", "tokens", 8, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decode");
    }

    @Test
    void inputsFollowTheFormulasSharedWithBenchModelPy() {
        float[] px = BenchInputs.pixels(2, 3, 4); // (2, 3, 4, 4)
        assertThat(px).hasSize(96);
        for (int i = 0; i < px.length; i++) {
            assertThat(px[i]).isEqualTo((float) (((i * 7919L) % 2001) / 1000.0 - 1.0));
            assertThat(px[i]).isBetween(-1f, 1.0001f);
        }
        assertThat(BenchInputs.tokenIds(3, 3, 50)).containsExactly((3 * 31 + 7) % 50, (4 * 31 + 7) % 50, (5 * 31 + 7) % 50);
        assertThat(BenchInputs.positions(5, 3)).containsExactly(5, 6, 7);
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.run("bench", "--only", "vision,bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown part 'bogus'");
        CliRun t = CliRun.run("bench", "--threads", "0");
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--threads");
    }
}
