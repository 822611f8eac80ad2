package org.videollm4j.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * A weight matrix w (n, k) quantised to int8, symmetric, with one f32 scale per group of
 * {@link #GROUP} consecutive values of a row: q = round(w / s), s = max|w in group| / 127, so
 * |w − s·q| ≤ s/2. Decoding reads 1 byte per weight instead of 4 (f32) or 2 (bf16): the GEMV is
 * memory-bound, so this is its lever. {@link #gemvScalar} is the reference of {@link #gemv}.
 */
public final class QuantizedMatrix {
    /** Values per scale: a multiple of every vector length (16 f32 lanes at most), small enough for accuracy. */
    public static final int GROUP = 64;
    private static final int ROWS_PER_TASK = 32;
    /** Bytes that widen into one f32 vector. */
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, S.vectorBitSize() / 4)));
    /**
     * Bytes one load reads: L, except with 128-bit f32 vectors (ARM NEON, or -Dvideollm4j.vectorBits=128), where
     * the smallest byte vector (64 bits) holds 8 of which 4 widen; the vector loop stops while all 8 are in range.
     */
    private static final int LOAD = Math.max(L, BS.length());

    private final int n;
    private final int k;
    private final int groups;    // per row: ceil(k / GROUP)
    private final byte[] q;      // (n, k)
    private final float[] scale; // (n, groups)

    private QuantizedMatrix(int n, int k, byte[] q, float[] scale) {
        this.n = n;
        this.k = k;
        this.groups = (k + GROUP - 1) / GROUP;
        this.q = q;
        this.scale = scale;
    }

    public static QuantizedMatrix quantize(WeightMatrix w) {
        int n = w.rows(), k = w.cols();
        if ((long) n * k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix (" + n + ", " + k + ") is too large to quantise on the heap");
        }
        int groups = (k + GROUP - 1) / GROUP;
        byte[] q = new byte[n * k];
        float[] scale = new float[n * groups];
        float[] row = new float[k];
        for (int r = 0; r < n; r++) {
            w.row(r, row, 0);
            for (int g = 0; g < groups; g++) {
                int from = g * GROUP, to = Math.min(k, from + GROUP);
                float max = 0;
                for (int i = from; i < to; i++) {
                    max = Math.max(max, Math.abs(row[i]));
                }
                float s = max / 127f;
                scale[r * groups + g] = s;
                float inv = s == 0 ? 0 : 1 / s;
                for (int i = from; i < to; i++) {
                    q[r * k + i] = (byte) Math.max(-127, Math.min(127, Math.round(row[i] * inv)));
                }
            }
        }
        return new QuantizedMatrix(n, k, q, scale);
    }

    public int rows() {
        return n;
    }

    public int cols() {
        return k;
    }

    /** The dequantised value s·q at (r, c). */
    public float get(int r, int c) {
        return scale[r * groups + c / GROUP] * q[r * k + c];
    }

    /** c(n) = w · a(k), parallel over rows. */
    public void gemv(float[] a, float[] c) {
        check(a, c);
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Parallel.forEach(tasks, t -> {
            int end = Math.min(n, (t + 1) * ROWS_PER_TASK);
            for (int r = t * ROWS_PER_TASK; r < end; r++) {
                c[r] = rowDot(a, r);
            }
        });
    }

    private float rowDot(float[] a, int r) {
        int base = r * k;
        FloatVector total = FloatVector.zero(S);
        float tail = 0;
        for (int g = 0; g < groups; g++) {
            int from = g * GROUP, to = Math.min(k, from + GROUP);
            FloatVector acc = FloatVector.zero(S);
            int i = from;
            for (; i + LOAD <= to; i += L) {
                FloatVector wv = (FloatVector) ByteVector.fromArray(BS, q, base + i).convertShape(VectorOperators.B2F, S, 0);
                acc = wv.fma(FloatVector.fromArray(S, a, i), acc);
            }
            float s = scale[r * groups + g];
            total = acc.fma(FloatVector.broadcast(S, s), total);
            float t = 0;
            for (; i < to; i++) {
                t += q[base + i] * a[i];
            }
            tail += s * t;
        }
        return Lanes.sum(total) + tail;
    }

    /** Scalar reference of {@link #gemv}: Σ_c s(r, c)·q(r, c)·a(c) in double. */
    public void gemvScalar(float[] a, float[] c) {
        check(a, c);
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += (double) get(r, i) * a[i];
            }
            c[r] = (float) sum;
        }
    }

    private void check(float[] a, float[] c) {
        if (a.length < k || c.length < n) {
            throw new IllegalArgumentException("int8 gemv of (" + n + ", " + k + ") needs a of " + k + " and c of " + n
                    + " floats, got " + a.length + " and " + c.length);
        }
    }
}
