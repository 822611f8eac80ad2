package org.videollm4j.video;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplingPlansTest {
    static VideoProbe probe(double duration, double fps, long frames) {
        return new VideoProbe(Path.of("v.mp4"), duration, fps, frames, true, frames, 64, 48, 0, "h264", "mp4");
    }

    static final VideoProbe TEN_S = probe(10.0, 30, 300);

    @Test
    void byFpsTakesOneFrameEveryPeriodUpToTheLastFrame() {
        // last frame starts at 10 - 1/30 s, so 1 fps gives 0..9
        assertThat(SamplingPlans.byFps(TEN_S, 1, 1000).timesS())
                .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        assertThat(SamplingPlans.byFps(TEN_S, 2, 1000).timesS()).hasSize(20).endsWith(9.5);
        assertThat(SamplingPlans.byFps(probe(10.1, 30, 303), 1, 1000).timesS()).hasSize(11).endsWith(10.0);
    }

    @Test
    void byFpsOverTheCapSpreadsTheCapUniformly() {
        // numpy.linspace(0, 10 - 1/30, 5)
        List<Double> t = SamplingPlans.byFps(TEN_S, 1, 5).timesS();
        double[] expected = {0.0, 2.4916666666666667, 4.983333333333333, 7.475, 9.966666666666667};
        assertThat(t).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(t.get(i)).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void uniformAndMidpoints() {
        assertThat(SamplingPlans.uniform(TEN_S, 1).timesS()).containsExactly(0.0);
        assertThat(SamplingPlans.midpoints(TEN_S, 4).timesS()).containsExactly(1.25, 3.75, 6.25, 8.75);
        assertThat(SamplingPlans.midpoints(TEN_S, 1).timesS()).containsExactly(5.0);
    }

    @Test
    void smolVlm2ShortVideoSpansAllFrames() {
        // round(1 * 10) = 10 frames; 10 - 2 > 64 is false, so no skip: int(linspace(0, 299, 10)) / 30
        int[] idx = {0, 33, 66, 99, 132, 166, 199, 232, 265, 299};
        List<Double> t = SamplingPlans.smolVlm2(TEN_S, 1, 64, 1).timesS();
        assertThat(t).hasSize(idx.length);
        for (int i = 0; i < idx.length; i++) {
            assertThat(t.get(i)).isCloseTo(idx[i] / 30.0, within(1e-12));
        }
    }

    @Test
    void smolVlm2LongVideoSkipsTheFirstAndLastSecond() {
        // 100 s at 30 fps: 64 frames over [int(1 * 30), int(3000 - 30)]; numpy gives 30, 76, 123, 170, ..., 2970
        List<Double> t = SamplingPlans.smolVlm2(probe(100, 30, 3000), 1, 64, 1).timesS();
        assertThat(t).hasSize(64);
        int[] head = {30, 76, 123, 170, 216, 263};
        for (int i = 0; i < head.length; i++) {
            assertThat(t.get(i) * 30).isCloseTo(head[i], within(1e-9));
        }
        assertThat(t.get(61) * 30).isCloseTo(2876, within(1e-9));
        assertThat(t.get(63) * 30).isCloseTo(2970, within(1e-9));
    }

    @Test
    void smolVlm2RoundsTheFrameCountHalfToEven() {
        assertThat(SamplingPlans.smolVlm2(probe(2.5, 30, 75), 1, 64, 1).timesS()).hasSize(2); // round(2.5) = 2
        assertThat(SamplingPlans.smolVlm2(probe(3.5, 30, 105), 1, 64, 1).timesS()).hasSize(4); // round(3.5) = 4
        assertThat(SamplingPlans.smolVlm2(probe(0.2, 30, 6), 1, 64, 1).timesS()).containsExactly(0.0); // at least 1
    }

    /** Property: every plan is ascending, inside [0, duration], of the asked size. */
    @Test
    void plansAreAscendingAndInsideTheVideo() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            double fps = 1 + rnd.nextInt(60);
            long frames = 1 + rnd.nextInt(20000);
            VideoProbe p = probe(frames / fps, fps, frames);
            int n = 1 + rnd.nextInt(100);
            double rate = 0.1 + rnd.nextDouble() * 5;
            for (SamplingPlan plan : List.of(SamplingPlans.byFps(p, rate, 200), SamplingPlans.uniform(p, n),
                    SamplingPlans.midpoints(p, n), SamplingPlans.smolVlm2(p, rate, 64, 1))) {
                List<Double> t = plan.timesS();
                assertThat(t).as(plan.name()).isNotEmpty().isSorted();
                assertThat(t.get(0)).isGreaterThanOrEqualTo(0);
                assertThat(t.get(t.size() - 1)).as("%s %s", plan.name(), p).isLessThan(p.durationS() + 1e-9);
            }
            assertThat(SamplingPlans.uniform(p, n).timesS()).hasSize(n);
            assertThat(SamplingPlans.byFps(p, rate, 200).timesS().size()).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void badArgumentsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> SamplingPlans.byFps(TEN_S, 0, 10)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> SamplingPlans.byFps(TEN_S, Double.NaN, 10)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> SamplingPlans.uniform(TEN_S, 0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new SamplingPlan("x", List.of(2.0, 1.0), false)).hasMessageContaining("ascend");
        assertThatThrownBy(() -> Size.parse("12x")).hasMessageContaining("'12x'");
        assertThatThrownBy(() -> Size.parse("100000x100000")).hasMessageContaining("100000x100000");
    }
}
