package org.videollm4j.model.ops;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class ActivationsTest {
    @Test
    void vectorGeluAndSiluMatchScalarReferences() {
        Random r = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(100);
            float spread = trial % 4 == 0 ? 30f : 3f; // also the saturated tails of tanh / exp
            float[] x = new float[n];
            float[] up = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextGaussian() * spread);
                up[i] = (float) r.nextGaussian();
            }
            float[] g1 = x.clone(), g2 = x.clone();
            Activations.geluTanh(g1, n);
            Activations.geluTanhScalar(g2, 0, n);
            float[] s1 = x.clone(), s2 = x.clone();
            Activations.siluMul(s1, up, n);
            Activations.siluMulScalar(s2, up, 0, n);
            for (int i = 0; i < n; i++) {
                assertThat(g1[i]).as("gelu(%s)", x[i]).isCloseTo(g2[i], offset(2e-6f + 2e-6f * Math.abs(g2[i])));
                assertThat(s1[i]).as("silu(%s)", x[i]).isCloseTo(s2[i], offset(2e-6f + 2e-6f * Math.abs(s2[i])));
            }
        }
    }

    @Test
    void geluOverARangeTouchesOnlyTheRangeAndMatchesTheScalarReference() {
        Random r = new Random(10);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + r.nextInt(200);
            int from = r.nextInt(n), to = from + r.nextInt(n - from + 1);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextGaussian() * 3);
            }
            float[] got = x.clone(), want = x.clone();
            Activations.geluTanh(got, from, to);
            Activations.geluTanhScalar(want, from, to);
            for (int i = 0; i < n; i++) {
                if (i < from || i >= to) {
                    assertThat(got[i]).as("outside [%d, %d) at %d", from, to, i).isEqualTo(x[i]);
                } else {
                    assertThat(got[i]).as("gelu(%s)", x[i]).isCloseTo(want[i], offset(2e-6f + 2e-6f * Math.abs(want[i])));
                }
            }
        }
    }
}
