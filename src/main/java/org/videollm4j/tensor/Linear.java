package org.videollm4j.tensor;

/**
 * A linear layer's weight w (out, in) with the product paths chosen by batch size: one row
 * (decoding, memory-bound) streams w itself, or its int8 copy when quantised; several rows
 * (vision, prefill, compute-bound) use {@link PackedWeights} made on first use. Thread-safe.
 * {@code -Dvideollm4j.prepack=false} turns the packed copy off (less heap, slower batched products).
 */
public final class Linear {
    static final boolean PREPACK = !"false".equals(System.getProperty("videollm4j.prepack"));

    private final WeightMatrix w;                 // (out, in), usually memory-mapped
    private final QuantizedMatrix int8;           // (out, in) int8 copy for m == 1, or null
    private final LazyPacking packed;             // f32 panels for m > 1, packed on first use

    public Linear(WeightMatrix w) {
        this(w, null);
    }

    private Linear(WeightMatrix w, QuantizedMatrix int8) {
        this.w = w;
        this.int8 = int8;
        this.packed = new LazyPacking(() -> PackedWeights.of(w));
    }

    /** The same layer with decoding (m == 1) products on an int8 per-row-quantised copy of w. */
    public Linear withInt8Decode() {
        return int8 != null ? this : new Linear(w, QuantizedMatrix.quantize(w));
    }

    public WeightMatrix weights() {
        return w;
    }

    public boolean int8Decode() {
        return int8 != null;
    }

    public int out() {
        return w.rows();
    }

    public int in() {
        return w.cols();
    }

    /** c(m, out) = a(m, in) · w^T. */
    public void apply(float[] a, int m, float[] c) {
        ScalarMatMul.checkShapes(a, m, w, c);
        if (m <= 0) {
            return;
        }
        if (m == 1) {
            if (int8 != null) {
                int8.gemv(a, c);
            } else {
                MatMul.matmulT(a, 1, w, c);
            }
        } else if (PREPACK) {
            packed.get().matmulT(a, m, c);
        } else {
            MatMul.matmulT(a, m, w, c);
        }
    }

    /** c(m, out) = a(m, in) · w^T + bias(out); bias may be null. */
    public void apply(float[] a, int m, float[] bias, float[] c) {
        apply(a, m, bias, c, null);
    }

    /**
     * c(m, out) = a(m, in) · w^T + bias(out), then {@code then} over c (both may be null): per output block by the
     * task that computed it on the packed path, else once over the whole of c. The values are those of
     * apply, the bias pass, then {@code then} over all of c, as long as {@code then} is element-wise.
     */
    public void apply(float[] a, int m, float[] bias, float[] c, BlockEpilogue then) {
        BlockEpilogue post = bias == null ? then : BlockEpilogue.bias(bias).andThen(then);
        if (m > 1 && PREPACK) {
            ScalarMatMul.checkShapes(a, m, w, c);
            packed.get().matmulT(a, m, c, post);
            return;
        }
        apply(a, m, c);
        if (post != null && m > 0) {
            post.apply(c, 0, m, 0, w.rows(), w.rows());
        }
    }
}
