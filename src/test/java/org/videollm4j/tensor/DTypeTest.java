package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DTypeTest {
    @Test
    void bf16RoundsToNearestEven() {
        // 1 + 2^-8 is exactly halfway between two bf16 values: ties go to the even mantissa (1.0).
        assertThat(DType.bf16ToFloat(DType.floatToBf16(1f + 0x1p-8f))).isEqualTo(1f);
        // 1 + 3*2^-8 is halfway between 1+2^-7 (odd) and 1+2^-6 (even): rounds up to even.
        assertThat(DType.bf16ToFloat(DType.floatToBf16(1f + 3 * 0x1p-8f))).isEqualTo(1f + 0x1p-6f);
        assertThat(DType.fromSafetensors("I64")).isNull();
    }

    @Test
    void bf16RoundTripIsWithinHalfAnUlp() {
        Random rnd = new Random(7);
        for (int t = 0; t < 10_000; t++) {
            float x = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
            float y = DType.bf16ToFloat(DType.floatToBf16(x));
            assertThat(Math.abs(y - x)).as("x=%s", x).isLessThanOrEqualTo(Math.abs(x) * 0x1p-8f);
        }
    }
}
