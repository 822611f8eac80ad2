package org.videollm4j.train;

import org.junit.jupiter.api.Test;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.QuestionKind;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** make-data's question filter: kinds, and count questions balanced between "1" and larger answers. */
class AskedQuestionsTest {
    private static DataMaker.Options options(java.util.Set<QuestionKind> kinds, boolean balance) {
        return new DataMaker.Options(Path.of("models/demo"), Path.of("unused"), 1, 1, 16, 8, true, 0, 1, false, kinds,
                balance);
    }

    @Test
    void kindsAndCountBalance() {
        int ones = 0, others = 0, onesAll = 0, othersAll = 0;
        for (int i = 0; i < 60; i++) {
            List<Question> all = WorldSample.of(WorldSample.worldSeed(77, i), 16, 4).questions();
            assertThat(DataMaker.asked(all, options(null, false))).isEqualTo(all);
            List<Question> counts = DataMaker.asked(all, options(EnumSet.of(QuestionKind.COUNT), false));
            assertThat(counts).allMatch(q -> q.kind() == QuestionKind.COUNT)
                    .hasSize((int) all.stream().filter(q -> q.kind() == QuestionKind.COUNT).count());
            List<Question> balanced = DataMaker.asked(all, options(EnumSet.of(QuestionKind.COUNT), true));
            long o = balanced.stream().filter(q -> !q.answer().equals("1")).count();
            long n = balanced.size() - o;
            assertThat(n).as("world %d: answered 1 at most as often as not", i).isLessThanOrEqualTo(o);
            assertThat(o).as("world %d: every count above 1 kept", i)
                    .isEqualTo(counts.stream().filter(q -> !q.answer().equals("1")).count());
            ones += (int) n;
            others += (int) o;
            onesAll += (int) counts.stream().filter(q -> q.answer().equals("1")).count();
            othersAll += (int) counts.stream().filter(q -> !q.answer().equals("1")).count();
        }
        assertThat(onesAll).as("unbalanced, most counts are 1").isGreaterThan(othersAll);
        assertThat(others).isPositive();
        assertThat(ones).isEqualTo(Math.min(ones, others));
    }
}
