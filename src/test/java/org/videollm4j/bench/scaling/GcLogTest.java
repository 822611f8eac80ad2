package org.videollm4j.bench.scaling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcLogTest {
    @Test
    void takesTheLargestBeforeAfterAndCommittedFiguresOfThePauses() {
        String log = String.join("\n",
                "[0.005s][info][gc] Using Parallel",
                "[4.087s][info][gc] GC(0) Pause Young (Allocation Failure) 96M->12M(362M) 143.732ms",
                "[4.760s][info][gc] GC(1) Pause Full (Ergonomics) 1G->700M(2G) 22.915ms",
                "[5.193s][info][gc] GC(2) Pause Young (Allocation Failure) 2048K->1024K(4096K) 1.0ms",
                "[5.200s][info][gc] something else 5G->5G(5G)");
        GcLog g = GcLog.parse(log);
        assertThat(g.pauses()).isEqualTo(3);
        assertThat(g.maxBeforeBytes()).isEqualTo(1L << 30);
        assertThat(g.maxAfterBytes()).isEqualTo(700L << 20);
        assertThat(g.maxCommittedBytes()).isEqualTo(2L << 30);
    }

    @Test
    void aLogWithoutPausesGivesZeros() {
        assertThat(GcLog.parse("[0.005s][info][gc] Using Parallel\n")).isEqualTo(new GcLog(0, 0, 0, 0));
        assertThat(GcLog.parse("")).isEqualTo(new GcLog(0, 0, 0, 0));
    }
}
