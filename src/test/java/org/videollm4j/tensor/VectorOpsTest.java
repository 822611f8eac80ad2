package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorOpsTest {
    @Test
    void dotAxpyScaleMatchScalar() {
        Random rnd = new Random(42);
        for (int t = 0; t < 500; t++) {
            int n = rnd.nextInt(300);
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5);
            float[] a = Matrices.gaussian(rnd, n + aOff + rnd.nextInt(3));
            float[] b = Matrices.gaussian(rnd, n + bOff + rnd.nextInt(3));
            double scale = Math.sqrt(n + 1.0); // |a|·|b| of unit gaussians
            assertThat((double) VectorOps.dot(a, aOff, b, bOff, n)).as("dot n=%d", n)
                    .isCloseTo(ScalarVectorOps.dot(a, aOff, b, bOff, n), within(1e-5 * scale * scale));

            float alpha = (float) rnd.nextGaussian();
            float[] y1 = b.clone(), y2 = b.clone();
            VectorOps.axpy(alpha, a, aOff, y1, bOff, n);
            ScalarVectorOps.axpy(alpha, a, aOff, y2, bOff, n);
            for (int i = 0; i < y1.length; i++) {
                // The vector path fuses the multiply-add: at most one rounding apart.
                assertThat(y1[i]).as("axpy n=%d i=%d", n, i).isCloseTo(y2[i], within(1e-6f * (1 + Math.abs(y2[i]))));
            }

            float[] x1 = a.clone(), x2 = a.clone();
            VectorOps.scale(x1, aOff, n, alpha);
            ScalarVectorOps.scale(x2, aOff, n, alpha);
            assertThat(x1).as("scale n=%d", n).isEqualTo(x2);
        }
    }
}
