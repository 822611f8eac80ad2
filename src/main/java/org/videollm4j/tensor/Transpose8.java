package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a 8 x 8 block of floats in registers (8 lanes: used when the kernels' species has 8 lanes).
 * Written out by scripts/gen_transpose.py (edit that, not this file), which explains the stages.
 */
final class Transpose8 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int L = 8;

    private static final FloatVector LO4 = indices(0, 1, 2, 3, 8, 9, 10, 11);
    private static final FloatVector HI4 = indices(4, 5, 6, 7, 12, 13, 14, 15);
    private static final FloatVector LO2 = indices(0, 1, 8, 9, 4, 5, 12, 13);
    private static final FloatVector HI2 = indices(2, 3, 10, 11, 6, 7, 14, 15);
    private static final FloatVector LO1 = indices(0, 8, 2, 10, 4, 12, 6, 14);
    private static final FloatVector HI1 = indices(1, 9, 3, 11, 5, 13, 7, 15);

    private Transpose8() {
    }

    private static FloatVector indices(int... lanes) {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) {
            f[i] = lanes[i];
        }
        return FloatVector.fromArray(S, f, 0);
    }

    /** dst[dOff + q * ldd + r] = src[so + r * lds + q] for r, q in [0, 8). */
    static void block(float[] src, int so, int lds, float[] dst, int dOff, int ldd) {
        FloatVector x0 = FloatVector.fromArray(S, src, so + 0 * lds);
        FloatVector x1 = FloatVector.fromArray(S, src, so + 1 * lds);
        FloatVector x2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector x3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector x4 = FloatVector.fromArray(S, src, so + 4 * lds);
        FloatVector x5 = FloatVector.fromArray(S, src, so + 5 * lds);
        FloatVector x6 = FloatVector.fromArray(S, src, so + 6 * lds);
        FloatVector x7 = FloatVector.fromArray(S, src, so + 7 * lds);
        FloatVector y0, y1, y2, y3, y4, y5, y6, y7;
        // stage 4: swap the off-diagonal 4 x 4 blocks
        y0 = LO4.selectFrom(x0, x4);
        y4 = HI4.selectFrom(x0, x4);
        y1 = LO4.selectFrom(x1, x5);
        y5 = HI4.selectFrom(x1, x5);
        y2 = LO4.selectFrom(x2, x6);
        y6 = HI4.selectFrom(x2, x6);
        y3 = LO4.selectFrom(x3, x7);
        y7 = HI4.selectFrom(x3, x7);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7;
        // stage 2: swap the off-diagonal 2 x 2 blocks
        y0 = LO2.selectFrom(x0, x2);
        y2 = HI2.selectFrom(x0, x2);
        y1 = LO2.selectFrom(x1, x3);
        y3 = HI2.selectFrom(x1, x3);
        y4 = LO2.selectFrom(x4, x6);
        y6 = HI2.selectFrom(x4, x6);
        y5 = LO2.selectFrom(x5, x7);
        y7 = HI2.selectFrom(x5, x7);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7;
        // stage 1: swap the off-diagonal 1 x 1 blocks
        y0 = LO1.selectFrom(x0, x1);
        y1 = HI1.selectFrom(x0, x1);
        y2 = LO1.selectFrom(x2, x3);
        y3 = HI1.selectFrom(x2, x3);
        y4 = LO1.selectFrom(x4, x5);
        y5 = HI1.selectFrom(x4, x5);
        y6 = LO1.selectFrom(x6, x7);
        y7 = HI1.selectFrom(x6, x7);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7;
        x0.intoArray(dst, dOff + 0 * ldd);
        x1.intoArray(dst, dOff + 1 * ldd);
        x2.intoArray(dst, dOff + 2 * ldd);
        x3.intoArray(dst, dOff + 3 * ldd);
        x4.intoArray(dst, dOff + 4 * ldd);
        x5.intoArray(dst, dOff + 5 * ldd);
        x6.intoArray(dst, dOff + 6 * ldd);
        x7.intoArray(dst, dOff + 7 * ldd);
    }
}
