package org.videollm4j.tensor;

/**
 * Linear layers that read the same input, run as one product: c(m, Σ out_i) = a(m, in) · [w_0; w_1; ..]^T
 * + [b_0, b_1, ..] (a transformer's q, k and v projections). One packed matrix and one parallel region
 * instead of one per layer, and fuller kernel panels: three 64-row parts fill four {@link Gemm#NR} = 48
 * panels exactly where each alone pads 64 columns to 96. Every element is computed over k in the same
 * order as by its part's own {@link Linear}, so the results are the same. Thread-safe; the stacked
 * panels are packed on first use, and not at all under {@code -Dvideollm4j.prepack=false} (then each
 * part runs on its own and its columns are copied into place).
 */
public final class FusedLinear {
    private final Linear[] parts;          // (parts) each (out_i, in)
    private final int[] offsets;           // (parts + 1) first output column of each part, then the total
    private final float[] bias;            // (Σ out_i) the parts' biases concatenated, or null
    private final LazyPacking packed;      // (Σ out_i, in) stacked panels, made on first use

    /** @param biases one (out_i) bias per part, or null for no bias at all */
    public FusedLinear(Linear[] parts, float[][] biases) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("no layers to fuse");
        }
        if (biases != null && biases.length != parts.length) {
            throw new IllegalArgumentException(parts.length + " layers but " + biases.length + " biases");
        }
        this.parts = parts.clone();
        this.packed = new LazyPacking(() -> {
            WeightMatrix[] ws = new WeightMatrix[this.parts.length];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = this.parts[i].weights();
            }
            return PackedWeights.stacked(ws);
        });
        this.offsets = new int[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].in() != parts[0].in()) {
                throw new IllegalArgumentException("fused layers need the same input width, got " + parts[i].in()
                        + " and " + parts[0].in());
            }
            if (biases != null && biases[i].length != parts[i].out()) {
                throw new IllegalArgumentException("bias " + i + " has " + biases[i].length + " values for "
                        + parts[i].out() + " outputs");
            }
            offsets[i + 1] = Math.addExact(offsets[i], parts[i].out());
        }
        this.bias = biases == null ? null : new float[offsets[parts.length]];
        for (int i = 0; biases != null && i < parts.length; i++) {
            System.arraycopy(biases[i], 0, bias, offsets[i], parts[i].out());
        }
    }

    public int in() {
        return parts[0].in();
    }

    /** Total output width Σ out_i. */
    public int out() {
        return offsets[parts.length];
    }

    /** First output column of part i. */
    public int offset(int i) {
        return offsets[i];
    }

    /** c(m, out()) = a(m, in) · [w_0; w_1; ..]^T + bias, part i in columns [offset(i), offset(i + 1)). */
    public void apply(float[] a, int m, float[] c) {
        int n = out(), k = in();
        if (m < 0 || a.length < (long) m * k || c.length < (long) m * n) {
            throw new IllegalArgumentException("a must hold (" + m + ", " + k + ") and c (" + m + ", " + n
                    + "), got " + a.length + " and " + c.length + " floats");
        }
        if (m == 0) {
            return;
        }
        if (m > 1 && Linear.PREPACK) {
            packed.get().matmulT(a, m, c, bias == null ? null : BlockEpilogue.bias(bias));
            return;
        }
        for (int p = 0; p < parts.length; p++) { // one row, or no packed copies: each part on its own
            int w = parts[p].out();
            float[] part = new float[m * w]; // (m, out_p)
            parts[p].apply(a, m, part);
            for (int i = 0; i < m; i++) {
                if (bias != null) {
                    VectorOps.axpy(1f, bias, offsets[p], part, i * w, w);
                }
                System.arraycopy(part, i * w, c, i * n + offsets[p], w);
            }
        }
    }
}
