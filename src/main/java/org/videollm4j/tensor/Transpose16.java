package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a 16 x 16 block of floats in registers (16 lanes: used when the kernels' species has 16 lanes).
 * Written out by scripts/gen_transpose.py (edit that, not this file), which explains the stages.
 */
final class Transpose16 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;

    private static final FloatVector LO8 = indices(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    private static final FloatVector HI8 = indices(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    private static final FloatVector LO4 = indices(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    private static final FloatVector HI4 = indices(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    private static final FloatVector LO2 = indices(0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    private static final FloatVector HI2 = indices(2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    private static final FloatVector LO1 = indices(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    private static final FloatVector HI1 = indices(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);

    private Transpose16() {
    }

    private static FloatVector indices(int... lanes) {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) {
            f[i] = lanes[i];
        }
        return FloatVector.fromArray(S, f, 0);
    }

    /** dst[dOff + q * ldd + r] = src[so + r * lds + q] for r, q in [0, 16). */
    static void block(float[] src, int so, int lds, float[] dst, int dOff, int ldd) {
        FloatVector x0 = FloatVector.fromArray(S, src, so + 0 * lds);
        FloatVector x1 = FloatVector.fromArray(S, src, so + 1 * lds);
        FloatVector x2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector x3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector x4 = FloatVector.fromArray(S, src, so + 4 * lds);
        FloatVector x5 = FloatVector.fromArray(S, src, so + 5 * lds);
        FloatVector x6 = FloatVector.fromArray(S, src, so + 6 * lds);
        FloatVector x7 = FloatVector.fromArray(S, src, so + 7 * lds);
        FloatVector x8 = FloatVector.fromArray(S, src, so + 8 * lds);
        FloatVector x9 = FloatVector.fromArray(S, src, so + 9 * lds);
        FloatVector x10 = FloatVector.fromArray(S, src, so + 10 * lds);
        FloatVector x11 = FloatVector.fromArray(S, src, so + 11 * lds);
        FloatVector x12 = FloatVector.fromArray(S, src, so + 12 * lds);
        FloatVector x13 = FloatVector.fromArray(S, src, so + 13 * lds);
        FloatVector x14 = FloatVector.fromArray(S, src, so + 14 * lds);
        FloatVector x15 = FloatVector.fromArray(S, src, so + 15 * lds);
        FloatVector y0, y1, y2, y3, y4, y5, y6, y7, y8, y9, y10, y11, y12, y13, y14, y15;
        // stage 8: swap the off-diagonal 8 x 8 blocks
        y0 = LO8.selectFrom(x0, x8);
        y8 = HI8.selectFrom(x0, x8);
        y1 = LO8.selectFrom(x1, x9);
        y9 = HI8.selectFrom(x1, x9);
        y2 = LO8.selectFrom(x2, x10);
        y10 = HI8.selectFrom(x2, x10);
        y3 = LO8.selectFrom(x3, x11);
        y11 = HI8.selectFrom(x3, x11);
        y4 = LO8.selectFrom(x4, x12);
        y12 = HI8.selectFrom(x4, x12);
        y5 = LO8.selectFrom(x5, x13);
        y13 = HI8.selectFrom(x5, x13);
        y6 = LO8.selectFrom(x6, x14);
        y14 = HI8.selectFrom(x6, x14);
        y7 = LO8.selectFrom(x7, x15);
        y15 = HI8.selectFrom(x7, x15);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; x13 = y13; x14 = y14; x15 = y15;
        // stage 4: swap the off-diagonal 4 x 4 blocks
        y0 = LO4.selectFrom(x0, x4);
        y4 = HI4.selectFrom(x0, x4);
        y1 = LO4.selectFrom(x1, x5);
        y5 = HI4.selectFrom(x1, x5);
        y2 = LO4.selectFrom(x2, x6);
        y6 = HI4.selectFrom(x2, x6);
        y3 = LO4.selectFrom(x3, x7);
        y7 = HI4.selectFrom(x3, x7);
        y8 = LO4.selectFrom(x8, x12);
        y12 = HI4.selectFrom(x8, x12);
        y9 = LO4.selectFrom(x9, x13);
        y13 = HI4.selectFrom(x9, x13);
        y10 = LO4.selectFrom(x10, x14);
        y14 = HI4.selectFrom(x10, x14);
        y11 = LO4.selectFrom(x11, x15);
        y15 = HI4.selectFrom(x11, x15);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; x13 = y13; x14 = y14; x15 = y15;
        // stage 2: swap the off-diagonal 2 x 2 blocks
        y0 = LO2.selectFrom(x0, x2);
        y2 = HI2.selectFrom(x0, x2);
        y1 = LO2.selectFrom(x1, x3);
        y3 = HI2.selectFrom(x1, x3);
        y4 = LO2.selectFrom(x4, x6);
        y6 = HI2.selectFrom(x4, x6);
        y5 = LO2.selectFrom(x5, x7);
        y7 = HI2.selectFrom(x5, x7);
        y8 = LO2.selectFrom(x8, x10);
        y10 = HI2.selectFrom(x8, x10);
        y9 = LO2.selectFrom(x9, x11);
        y11 = HI2.selectFrom(x9, x11);
        y12 = LO2.selectFrom(x12, x14);
        y14 = HI2.selectFrom(x12, x14);
        y13 = LO2.selectFrom(x13, x15);
        y15 = HI2.selectFrom(x13, x15);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; x13 = y13; x14 = y14; x15 = y15;
        // stage 1: swap the off-diagonal 1 x 1 blocks
        y0 = LO1.selectFrom(x0, x1);
        y1 = HI1.selectFrom(x0, x1);
        y2 = LO1.selectFrom(x2, x3);
        y3 = HI1.selectFrom(x2, x3);
        y4 = LO1.selectFrom(x4, x5);
        y5 = HI1.selectFrom(x4, x5);
        y6 = LO1.selectFrom(x6, x7);
        y7 = HI1.selectFrom(x6, x7);
        y8 = LO1.selectFrom(x8, x9);
        y9 = HI1.selectFrom(x8, x9);
        y10 = LO1.selectFrom(x10, x11);
        y11 = HI1.selectFrom(x10, x11);
        y12 = LO1.selectFrom(x12, x13);
        y13 = HI1.selectFrom(x12, x13);
        y14 = LO1.selectFrom(x14, x15);
        y15 = HI1.selectFrom(x14, x15);
        x0 = y0; x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; x13 = y13; x14 = y14; x15 = y15;
        x0.intoArray(dst, dOff + 0 * ldd);
        x1.intoArray(dst, dOff + 1 * ldd);
        x2.intoArray(dst, dOff + 2 * ldd);
        x3.intoArray(dst, dOff + 3 * ldd);
        x4.intoArray(dst, dOff + 4 * ldd);
        x5.intoArray(dst, dOff + 5 * ldd);
        x6.intoArray(dst, dOff + 6 * ldd);
        x7.intoArray(dst, dOff + 7 * ldd);
        x8.intoArray(dst, dOff + 8 * ldd);
        x9.intoArray(dst, dOff + 9 * ldd);
        x10.intoArray(dst, dOff + 10 * ldd);
        x11.intoArray(dst, dOff + 11 * ldd);
        x12.intoArray(dst, dOff + 12 * ldd);
        x13.intoArray(dst, dOff + 13 * ldd);
        x14.intoArray(dst, dOff + 14 * ldd);
        x15.intoArray(dst, dOff + 15 * ldd);
    }
}
