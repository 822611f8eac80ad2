package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnceEvenNested() {
        for (int count : new int[]{0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, count * 5));
            // Each outer task runs an inner region: nested calls must run inline, not deadlock.
            Parallel.forEach(count, i -> Parallel.forEach(5, j -> hits.incrementAndGet(i * 5 + j)));
            for (int i = 0; i < count * 5; i++) {
                assertThat(hits.get(i)).as("count=%d task %d", count, i).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownToTheCaller() {
        assertThatThrownBy(() -> Parallel.forEach(100, i -> {
            if (i == 37) {
                throw new IllegalStateException("task 37 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 37 failed");
        // The pool is still usable afterwards.
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.forEach(10, hits::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }
}
