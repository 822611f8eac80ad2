package org.videollm4j.synth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    private static SynthOptions options(double seconds) {
        return SynthOptions.ofSeconds(seconds);
    }

    @Test
    void sameSeedGivesIdenticalWorldAndFiles() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            SynthOptions o = options(300);
            Scenario a = Scenario.generate(o, seed);
            Scenario b = Scenario.generate(o, seed);
            assertThat(a).isEqualTo(b);
            assertThat(SynthJson.world(a, null)).isEqualTo(SynthJson.world(b, null));
            String qa = SynthJson.questions(Questions.generate(a, EnumSet.allOf(QuestionKind.class), new SplittableRandom(seed)));
            String qb = SynthJson.questions(Questions.generate(b, EnumSet.allOf(QuestionKind.class), new SplittableRandom(seed)));
            assertThat(qa).isEqualTo(qb).isNotEmpty();
        }
    }

    @Test
    void differentSeedsGiveDifferentWorlds() {
        assertThat(Scenario.generate(options(120), 1).shapes()).isNotEqualTo(Scenario.generate(options(120), 2).shapes());
    }

    @Test
    void timelineInvariantsHoldOverRandomSeedsAndLengths() {
        SplittableRandom r = new SplittableRandom(2026);
        for (int trial = 0; trial < 300; trial++) {
            Pacing p = trial % 3 == 0 ? Pacing.BRISK : Pacing.DEFAULT;
            double seconds = 4 + r.nextDouble() * (trial % 2 == 0 ? 60 : 900);
            Scenario s = Scenario.generate(options(seconds).withPacing(p), r.nextLong());
            long total = s.durationMs();
            // scenes partition [0, total)
            assertThat(s.scenes().getFirst().startMs()).isZero();
            assertThat(s.scenes().getLast().endMs()).isEqualTo(total);
            for (int i = 1; i < s.scenes().size(); i++) {
                assertThat(s.scenes().get(i).startMs()).isEqualTo(s.scenes().get(i - 1).endMs());
            }
            // events: inside the video, long enough for a 1 fps sampler, never touching each other
            List<TimedEvent> ev = new ArrayList<>(s.shapes());
            ev.addAll(s.cards());
            ev.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
            for (int i = 0; i < ev.size(); i++) {
                TimedEvent e = ev.get(i);
                assertThat(e.startMs()).isGreaterThanOrEqualTo(0);
                assertThat(e.endMs()).isLessThanOrEqualTo(total);
                assertThat(e.endMs() - e.startMs()).isGreaterThanOrEqualTo(1000);
                if (i > 0) {
                    assertThat(e.startMs() - ev.get(i - 1).endMs()).as("gap before %s", e).isGreaterThanOrEqualTo(p.gapMinMs());
                }
            }
            // cards: exactly one needle, at most one per kind, brief
            assertThat(s.cards().stream().filter(CardEvent::needle).count()).isEqualTo(1);
            assertThat(s.cards().stream().map(CardEvent::kind).distinct().count()).isEqualTo(s.cards().size());
            for (CardEvent c : s.cards()) {
                assertThat(c.endMs() - c.startMs()).isBetween(p.cardMinMs(), p.cardMaxMs());
            }
            // shapes stay fully inside the frame along their path
            for (ShapeEvent e : s.shapes()) {
                for (double[] c : new double[][] {{e.x0(), e.y0()}, {e.x1(), e.y1()}}) {
                    assertThat(c[0] - e.radius()).isGreaterThanOrEqualTo(0);
                    assertThat(c[0] + e.radius()).isLessThanOrEqualTo(1);
                    assertThat(c[1] - e.radius()).isGreaterThanOrEqualTo(0);
                    assertThat(c[1] + e.radius()).isLessThanOrEqualTo(1);
                }
                assertThat(e.endMs() - e.startMs()).isBetween(p.shapeMinMs(), p.shapeMaxMs());
            }
            // the screen is never empty for long: shapes fill the time between cards
            if (seconds > 30) {
                long covered = ev.stream().mapToLong(e -> e.endMs() - e.startMs()).sum();
                assertThat((double) covered / total).isGreaterThan(0.4);
            }
        }
    }

    @Test
    void needleDepthIsHonoured() {
        for (double seconds : new double[] {8, 60, 600, 3600}) {
            for (int i = 0; i <= 10; i++) {
                double depth = i / 10.0;
                Scenario s = Scenario.generate(options(seconds).withNeedleDepth(depth), 100 + i);
                CardEvent n = s.needle();
                long len = n.endMs() - n.startMs();
                assertThat(n.startMs()).isEqualTo(Math.round(depth * (s.durationMs() - len)));
                assertThat(n.depthIn(s.durationMs())).isCloseTo(depth, org.assertj.core.data.Offset.offset(1e-3));
                if (i == 0) {
                    assertThat(n.startMs()).isZero();
                }
                if (i == 10) {
                    assertThat(n.endMs()).isEqualTo(s.durationMs());
                }
            }
        }
    }

    @Test
    void videoBackgroundShareControlsSceneKinds() {
        Scenario none = Scenario.generate(options(1800), 5);
        assertThat(none.scenes()).noneMatch(sc -> sc.background() == BackgroundKind.VIDEO);
        Scenario all = Scenario.generate(options(1800).withVideoBackgroundShare(1), 5);
        assertThat(all.scenes()).allMatch(sc -> sc.background() == BackgroundKind.VIDEO);
        Scenario half = Scenario.generate(options(1800).withVideoBackgroundShare(0.5), 5);
        assertThat(half.scenes()).anyMatch(sc -> sc.background() == BackgroundKind.VIDEO)
                .anyMatch(sc -> sc.background() != BackgroundKind.VIDEO);
    }

    @Test
    void optionsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> SynthOptions.ofSeconds(0)).hasMessageContaining("0.0 s");
        assertThatThrownBy(() -> SynthOptions.ofSeconds(60).withNeedleDepth(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> SynthOptions.ofSeconds(60).withSize(127, 128)).hasMessageContaining("127x128");
        assertThatThrownBy(() -> SynthOptions.ofSeconds(60).withFps(0)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> new Pacing(500, 400, 1000, 2000, 1000, 2000, 5000, 9000, 1))
                .hasMessageContaining("500..400");
    }
}
