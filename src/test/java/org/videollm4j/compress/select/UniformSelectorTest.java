package org.videollm4j.compress.select;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UniformSelectorTest {
    @Test
    void evenlySpacedDistinctAndEndpointsKept() {
        assertThat(UniformSelector.indices(10, 4)).containsExactly(0, 3, 6, 9);
        assertThat(UniformSelector.indices(9, 3)).containsExactly(0, 4, 8);
        assertThat(UniformSelector.indices(7, 1)).containsExactly(3);
        assertThat(UniformSelector.indices(3, 8)).containsExactly(0, 1, 2);
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int t = 1 + r.nextInt(500), k = 2 + r.nextInt(100);
            int[] idx = UniformSelector.indices(t, k);
            assertThat(idx).hasSize(Math.min(t, k)).isSorted().doesNotHaveDuplicates();
            assertThat(idx[0]).isZero();
            assertThat(idx[idx.length - 1]).isEqualTo(t - 1);
            if (k < t) {
                double step = (double) (t - 1) / (k - 1);
                for (int i = 1; i < idx.length; i++) {
                    assertThat(Math.abs(idx[i] - idx[i - 1] - step)).isLessThanOrEqualTo(1.0);
                }
            }
        }
    }

    @Test
    void zeroBudgetIsRefused() {
        assertThatThrownBy(() -> new UniformSelector(0)).hasMessageContaining("got 0");
    }
}
