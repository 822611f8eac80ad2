package org.videollm4j.jmh;

import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.WeightMatrix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Seeded inputs shared by the kernel benchmarks. */
final class KernelState {
    private KernelState() {
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** A (rows, cols) weight matrix in {@code dtype} (F32 or BF16), off-heap like a memory-mapped checkpoint. */
    static WeightMatrix weights(int rows, int cols, DType dtype, long seed) {
        float[] v = random(rows * cols, seed);
        MemorySegment s;
        if (dtype == DType.BF16) {
            s = Arena.ofAuto().allocate((long) v.length * 2, 64);
            for (int i = 0; i < v.length; i++) {
                s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, DType.floatToBf16(v[i]));
            }
        } else if (dtype == DType.F32) {
            s = Arena.ofAuto().allocate((long) v.length * 4, 64);
            MemorySegment.copy(v, 0, s, WeightMatrix.F32_LE, 0, v.length);
        } else {
            throw new IllegalArgumentException("dtype " + dtype + ": F32 or BF16 only");
        }
        return new WeightMatrix(s, dtype, rows, cols);
    }

    /** "MxKxN" -> {m, k, n}. */
    static int[] shape(String s) {
        String[] p = s.split("x");
        return new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }
}
