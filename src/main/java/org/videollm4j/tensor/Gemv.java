package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.LE;
import static org.videollm4j.tensor.Rows.S;

/**
 * Decoding path of {@link MatMul}: c(n) = w(n, k) · a(k). Memory-bound, so it streams each row of
 * w exactly once straight from its (mapped) segment, with a held in L1, parallel over output rows.
 */
final class Gemv {
    /** Rows per task: big enough to amortise task claiming, small enough to balance 2 cores. */
    private static final int ROWS_PER_TASK = 32;
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private Gemv() {
    }

    static void gemv(float[] a, WeightMatrix w, float[] c) {
        int n = w.rows();
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Parallel.forEach(tasks, t -> {
            int end = Math.min(n, (t + 1) * ROWS_PER_TASK);
            for (int j = t * ROWS_PER_TASK; j < end; j++) {
                c[j] = rowDot(a, w, j);
            }
        });
    }

    static float rowDot(float[] a, WeightMatrix w, int j) {
        int k = w.cols();
        MemorySegment seg = w.data();
        long e = (long) j * k;
        return switch (w.dtype()) {
            case F32 -> dotF32(a, seg, e * 4, k);
            case BF16 -> dotBf16(a, seg, e * 2, k);
            case F16 -> {
                // No f16 widening in the Vector API: convert into a small reused buffer, then dot.
                float[] row = ROW.get();
                if (row.length < k) {
                    row = new float[k];
                    ROW.set(row);
                }
                Rows.read(w, j, 0, k, row, 0);
                yield VectorOps.dot(a, 0, row, 0, k);
            }
        };
    }

    private static float dotF32(float[] a, MemorySegment seg, long off, int k) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int end = k - 4 * L; i <= end; i += 4 * L) {
            long o = off + 4L * i;
            s0 = FloatVector.fromMemorySegment(S, seg, o, LE).fma(FloatVector.fromArray(S, a, i), s0);
            s1 = FloatVector.fromMemorySegment(S, seg, o + 4L * L, LE).fma(FloatVector.fromArray(S, a, i + L), s1);
            s2 = FloatVector.fromMemorySegment(S, seg, o + 8L * L, LE).fma(FloatVector.fromArray(S, a, i + 2 * L), s2);
            s3 = FloatVector.fromMemorySegment(S, seg, o + 12L * L, LE).fma(FloatVector.fromArray(S, a, i + 3 * L), s3);
        }
        for (int end = k - L; i <= end; i += L) {
            s0 = FloatVector.fromMemorySegment(S, seg, off + 4L * i, LE).fma(FloatVector.fromArray(S, a, i), s0);
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < k; i++) {
            s += a[i] * seg.get(WeightMatrix.F32_LE, off + 4L * i);
        }
        return s;
    }

    private static float dotBf16(float[] a, MemorySegment seg, long off, int k) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int i = 0;
        for (int end = k - 2 * L; i <= end; i += 2 * L) {
            long o = off + 2L * i;
            s0 = Rows.bf16(seg, o).fma(FloatVector.fromArray(S, a, i), s0);
            s1 = Rows.bf16(seg, o + 2L * L).fma(FloatVector.fromArray(S, a, i + L), s1);
        }
        for (int end = k - L; i <= end; i += L) {
            s0 = Rows.bf16(seg, off + 2L * i).fma(FloatVector.fromArray(S, a, i), s0);
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < k; i++) {
            s += a[i] * DType.bf16ToFloat(seg.get(WeightMatrix.I16_LE, off + 2L * i));
        }
        return s;
    }
}
