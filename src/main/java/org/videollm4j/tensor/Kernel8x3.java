package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * A {@link Gemm} register tile of 8 rows x 3 vectors (24 accumulators):
 * for 32-register machines (AVX-512): 11 loads per 24 FMAs instead of 8 per 12.
 * Written out by scripts/gen_gemm_kernels.py (edit that, not this file): C2 keeps only named
 * locals in registers, and the stores are unrolled too because a helper taking vectors that C2
 * does not inline boxes them (measured: 6x slower).
 */
final class Kernel8x3 {
    static final int ROWS = 8;
    static final int VECS = 3;

    private Kernel8x3() {
    }

    static void kernel(float[] a, int aOff, int lda, float[] bp, int bOff, int kc, float[] c, int cOff, int ldc,
                       boolean accumulate) {
        // Rows of a are read in place (no packing): each is a sequential stream along k.
        int a0 = aOff + 0 * lda;
        int a1 = aOff + 1 * lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        int a6 = aOff + 6 * lda;
        int a7 = aOff + 7 * lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector c0_0 = z, c0_1 = z, c0_2 = z, c1_0 = z, c1_1 = z, c1_2 = z;
        FloatVector c2_0 = z, c2_1 = z, c2_2 = z, c3_0 = z, c3_1 = z, c3_2 = z;
        FloatVector c4_0 = z, c4_1 = z, c4_2 = z, c5_0 = z, c5_1 = z, c5_2 = z;
        FloatVector c6_0 = z, c6_1 = z, c6_2 = z, c7_0 = z, c7_1 = z, c7_2 = z;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * VECS * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c0_0 = x.fma(b0, c0_0);
            c0_1 = x.fma(b1, c0_1);
            c0_2 = x.fma(b2, c0_2);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c1_0 = x.fma(b0, c1_0);
            c1_1 = x.fma(b1, c1_1);
            c1_2 = x.fma(b2, c1_2);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c2_0 = x.fma(b0, c2_0);
            c2_1 = x.fma(b1, c2_1);
            c2_2 = x.fma(b2, c2_2);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c3_0 = x.fma(b0, c3_0);
            c3_1 = x.fma(b1, c3_1);
            c3_2 = x.fma(b2, c3_2);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c4_0 = x.fma(b0, c4_0);
            c4_1 = x.fma(b1, c4_1);
            c4_2 = x.fma(b2, c4_2);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c5_0 = x.fma(b0, c5_0);
            c5_1 = x.fma(b1, c5_1);
            c5_2 = x.fma(b2, c5_2);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c6_0 = x.fma(b0, c6_0);
            c6_1 = x.fma(b1, c6_1);
            c6_2 = x.fma(b2, c6_2);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c7_0 = x.fma(b0, c7_0);
            c7_1 = x.fma(b1, c7_1);
            c7_2 = x.fma(b2, c7_2);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + 0 * L));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + 2 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + 0 * L));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + 2 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + 0 * L));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + 0 * L));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + 0 * L));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L));
            c4_2 = c4_2.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + 0 * L));
            c5_1 = c5_1.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L));
            c5_2 = c5_2.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + 2 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + 0 * L));
            c6_1 = c6_1.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + 1 * L));
            c6_2 = c6_2.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + 2 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + 0 * L));
            c7_1 = c7_1.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + 1 * L));
            c7_2 = c7_2.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + 2 * L));
        }
        c0_0.intoArray(c, cOff + 0 * ldc + 0 * L);
        c0_1.intoArray(c, cOff + 0 * ldc + 1 * L);
        c0_2.intoArray(c, cOff + 0 * ldc + 2 * L);
        c1_0.intoArray(c, cOff + 1 * ldc + 0 * L);
        c1_1.intoArray(c, cOff + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cOff + 1 * ldc + 2 * L);
        c2_0.intoArray(c, cOff + 2 * ldc + 0 * L);
        c2_1.intoArray(c, cOff + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cOff + 2 * ldc + 2 * L);
        c3_0.intoArray(c, cOff + 3 * ldc + 0 * L);
        c3_1.intoArray(c, cOff + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cOff + 3 * ldc + 2 * L);
        c4_0.intoArray(c, cOff + 4 * ldc + 0 * L);
        c4_1.intoArray(c, cOff + 4 * ldc + 1 * L);
        c4_2.intoArray(c, cOff + 4 * ldc + 2 * L);
        c5_0.intoArray(c, cOff + 5 * ldc + 0 * L);
        c5_1.intoArray(c, cOff + 5 * ldc + 1 * L);
        c5_2.intoArray(c, cOff + 5 * ldc + 2 * L);
        c6_0.intoArray(c, cOff + 6 * ldc + 0 * L);
        c6_1.intoArray(c, cOff + 6 * ldc + 1 * L);
        c6_2.intoArray(c, cOff + 6 * ldc + 2 * L);
        c7_0.intoArray(c, cOff + 7 * ldc + 0 * L);
        c7_1.intoArray(c, cOff + 7 * ldc + 1 * L);
        c7_2.intoArray(c, cOff + 7 * ldc + 2 * L);
    }

}
