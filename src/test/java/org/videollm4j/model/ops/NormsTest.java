package org.videollm4j.model.ops;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class NormsTest {
    @Test
    void vectorNormsMatchScalarReferencesIncludingInPlace() {
        Random r = new Random(31);
        for (int trial = 0; trial < 80; trial++) {
            int rows = 1 + r.nextInt(70), dim = 1 + r.nextInt(300);
            float shift = trial % 3 == 0 ? 50f : 0f; // rows with a large mean: the variance must not cancel
            float[] x = new float[rows * dim];
            float[] w = new float[dim], b = new float[dim];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 2 + shift);
            }
            for (int i = 0; i < dim; i++) {
                w[i] = (float) (1 + 0.3 * r.nextGaussian());
                b[i] = (float) (0.3 * r.nextGaussian());
            }
            float[] want = new float[x.length], got = new float[x.length];
            Norms.layerNormScalar(x, rows, dim, w, b, 1e-6f, want);
            float[] inPlace = x.clone();
            Norms.layerNorm(inPlace, rows, dim, w, b, 1e-6f, inPlace);
            Norms.layerNorm(x, rows, dim, w, b, 1e-6f, got);
            for (int i = 0; i < x.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], offset(2e-5f * (1 + Math.abs(want[i]))));
                assertThat(inPlace[i]).isEqualTo(got[i]);
            }
            Norms.rmsNormScalar(x, rows, dim, w, 1e-5f, want);
            Norms.rmsNorm(x, rows, dim, w, 1e-5f, got);
            for (int i = 0; i < x.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], offset(2e-5f * (1 + Math.abs(want[i]))));
            }
        }
    }
}
