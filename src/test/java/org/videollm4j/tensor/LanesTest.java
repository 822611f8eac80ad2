package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void sumsAllLanesInTheButterflyOrder() {
        Random rnd = new Random(11);
        float[] x = new float[L];
        for (int t = 0; t < 1000; t++) {
            for (int i = 0; i < L; i++) {
                x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8)));
            }
            assertThat(Lanes.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0))).isEqualTo(butterfly(x));
        }
    }

    @Test
    void givesTheSameBitsBeforeAndAfterTheJitCompilesTheCaller() {
        Random rnd = new Random(12);
        float[] a = new float[64];
        float[] b = new float[64];
        for (int i = 0; i < 64; i++) {
            a[i] = (float) rnd.nextGaussian();
            b[i] = (float) rnd.nextGaussian() * 1000;
        }
        float first = VectorOps.dot(a, 0, b, 0, 64);
        for (int k = 0; k < 200_000; k++) {
            assertThat(VectorOps.dot(a, 0, b, 0, 64)).isEqualTo(first);
        }
    }

    /** Scalar reference: lane i + lane (i ^ d) for d = L/2, L/4, ..., 1; the result is in lane 0. */
    private static float butterfly(float[] x) {
        float[] v = x.clone();
        for (int d = L / 2; d >= 1; d /= 2) {
            float[] next = new float[L];
            for (int i = 0; i < L; i++) {
                next[i] = v[i] + v[i ^ d];
            }
            v = next;
        }
        return v[0];
    }
}
