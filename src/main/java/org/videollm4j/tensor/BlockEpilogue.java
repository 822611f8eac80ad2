package org.videollm4j.tensor;

/**
 * Element-wise work on a finished block of a product's output (bias, activation, residual add), run by the
 * task that computed the block, right after it: in parallel and while the block is still in cache, instead of
 * one more serial pass over the whole output (a vision layer's bias adds, gelu and residual adds were a
 * quarter of the calling thread's time, with the other core idle). Blocks never overlap and cover the
 * output once, so an epilogue may update other arrays at the same (row, column) positions.
 */
@FunctionalInterface
public interface BlockEpilogue {
    /** Rows [i0, i1) x columns [j0, j1) of c (row-major, row stride ldc) are final. */
    void apply(float[] c, int i0, int i1, int j0, int j1, int ldc);

    /** this, then next on the same block. */
    default BlockEpilogue andThen(BlockEpilogue next) {
        return next == null ? this : (c, i0, i1, j0, j1, ldc) -> {
            apply(c, i0, i1, j0, j1, ldc);
            next.apply(c, i0, i1, j0, j1, ldc);
        };
    }

    /** c[i][j] += bias[j], as {@link VectorOps#axpy} with alpha 1 (the same values as the unfused bias pass). */
    static BlockEpilogue bias(float[] bias) {
        return (c, i0, i1, j0, j1, ldc) -> {
            for (int i = i0; i < i1; i++) {
                VectorOps.axpy(1f, bias, j0, c, i * ldc + j0, j1 - j0);
            }
        };
    }

    /** dst[i][j] += c[i][j] (a residual connection; dst has c's layout). */
    static BlockEpilogue addInto(float[] dst) {
        return (c, i0, i1, j0, j1, ldc) -> {
            for (int i = i0; i < i1; i++) {
                VectorOps.axpy(1f, c, i * ldc + j0, dst, i * ldc + j0, j1 - j0);
            }
        };
    }
}
