package org.videollm4j.model.kv;

import org.junit.jupiter.api.Test;
import org.videollm4j.model.ops.Rope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvCacheTest {
    /** A cache of 2 layers, 1 kv head of dim 4, whose entry i has key/value all equal to i. */
    static KvCache filled(int n) {
        KvCache c = new KvCache(2, 1, 4, new Rope(4, 10000));
        float[] k = new float[n * 4];
        int[] pos = new int[n];
        int[] tags = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(k, i * 4, i * 4 + 4, i);
            pos[i] = 10 + i;
            tags[i] = i % 3 == 0 ? TokenTag.TEXT : i;
        }
        c.append(0, k, k, n, pos, tags);
        c.append(1, k, k, n, pos, null);
        return c;
    }

    static float keyOf(KvCache c, int layer, int i) {
        return c.layer(layer).keys()[i * 4];
    }

    @Test
    void keepRemoveAndClearActPerLayer() {
        KvCache c = filled(40); // grows capacity past the initial 16 twice
        c.keep(0, new int[]{1, 5, 6, 39});
        assertThat(c.size(0)).isEqualTo(4);
        assertThat(c.size(1)).isEqualTo(40);
        assertThat(c.layer(0).positions()).containsExactly(11, 15, 16, 49);
        assertThat(c.layer(0).tags()).containsExactly(1, 5, TokenTag.TEXT, TokenTag.TEXT);
        assertThat(keyOf(c, 0, 3)).isEqualTo(39f);
        assertThat(c.layer(1).tag(4)).isEqualTo(TokenTag.TEXT);
        c.remove(1, 10, 30);
        assertThat(c.size(1)).isEqualTo(20);
        assertThat(keyOf(c, 1, 10)).isEqualTo(30f);
        c.remove(1, new int[]{19, 0});
        assertThat(c.layer(1).positions()).startsWith(11, 12).endsWith(47, 48).hasSize(18);
        assertThat(c.bytesUsed(0)).isEqualTo(4L * (2 * 4 * 4 + 8));
        assertThat(c.bytesUsed()).isEqualTo(c.bytesUsed(0) + c.bytesUsed(1));
        assertThat(c.bytesAllocated()).isGreaterThanOrEqualTo(c.bytesUsed());
        c.reserve(100);
        assertThat(c.bytesAllocated()).isGreaterThanOrEqualTo(2L * 100 * (2 * 4 * 4 + 8));
        assertThat(c.size(1)).isEqualTo(18);
        c.clear();
        assertThat(c.size(0)).isZero();
        assertThat(c.size(1)).isZero();
        assertThat(c.nextPosition()).isZero();
    }

    @Test
    void badIndicesAreRejected() {
        KvCache c = filled(5);
        assertThatThrownBy(() -> c.keep(0, new int[]{2, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.remove(0, 3, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.remove(0, new int[]{1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.shiftPositions(0, 0, 5, -11)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.size(0)).isEqualTo(5);
        assertThat(c.layer(0).positions()).as("unchanged by rejected calls").containsExactly(10, 11, 12, 13, 14);
    }

    @Test
    void shiftThenShiftBackRestoresKeys() {
        KvCache c = filled(6);
        float[] before = java.util.Arrays.copyOf(c.layer(0).keys(), 24);
        c.shiftPositions(0, 2, 6, 1000);
        assertThat(c.layer(0).positions()).containsExactly(10, 11, 1012, 1013, 1014, 1015);
        assertThat(c.layer(0).keys()[2 * 4]).isNotEqualTo(2f);
        c.shiftPositions(0, 2, 6, -1000);
        float[] after = java.util.Arrays.copyOf(c.layer(0).keys(), 24);
        for (int i = 0; i < 24; i++) {
            assertThat(after[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        assertThat(c.layer(0).positions()).containsExactly(10, 11, 12, 13, 14, 15);
    }
}
