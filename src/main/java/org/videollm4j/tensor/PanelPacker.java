package org.videollm4j.tensor;

/**
 * Packs B = w^T for a stored w (n, k) into the GEMM's panel layout (BLIS "packB": panels of {@link Gemm#NR}
 * columns interleaved along k): dst[dOff + (j / NR) * panelStride + p * NR + j % NR] = w(j0 + j, p0 + p) for
 * j in [0, roundUp(nb, NR)) (zero past nb) and p in [0, kc).
 *
 * <p>Element by element this is a strided scatter (about 1 ns per element: ~5% of a prefill-shaped product
 * when B is packed on every call). Instead, L rows of w at a time are read contiguously (converted to f32)
 * and L x L blocks are transposed in registers ({@link Transpose16}, {@link Transpose8}), so both the reads
 * and the writes are whole vectors.
 */
final class PanelPacker {
    /** Reads len values of row r from column c0 of some (n, k) matrix into dst[off ..], as f32. */
    interface RowSource {
        void read(int r, int c0, int len, float[] dst, int off);
    }

    private static final int L = Rows.L;
    /** The in-register transpose for this species, or 0 for the scalar one. */
    private static final int BLOCK = L == 16 && Rows.S == Transpose16.S ? 16 : L == 8 && Rows.S == Transpose8.S ? 8 : 0;

    private PanelPacker() {
    }

    /** Scratch floats {@link #pack} needs for a reduction range of kc. */
    static int scratchSize(int kc) {
        return L * kc;
    }

    static void pack(RowSource w, int j0, int nb, int p0, int kc, float[] dst, int dOff, int panelStride,
                     float[] scratch) {
        int nr = Gemm.NR;
        int end = Gemm.roundUp(nb, nr);
        for (int jr = 0; jr < end; jr += L) { // NR is a multiple of L: a group of L rows stays in one panel
            int rows = Math.max(0, Math.min(L, nb - jr));
            for (int r = 0; r < rows; r++) {
                w.read(j0 + jr + r, p0, kc, scratch, r * kc); // (L, kc) row-major
            }
            if (rows < L) {
                java.util.Arrays.fill(scratch, rows * kc, L * kc, 0f); // padding columns of B
            }
            int base = dOff + (jr / nr) * panelStride + jr % nr;
            int p = 0;
            if (BLOCK != 0) {
                for (; p + L <= kc; p += L) {
                    if (BLOCK == 16) {
                        Transpose16.block(scratch, p, kc, dst, base + p * nr, nr);
                    } else {
                        Transpose8.block(scratch, p, kc, dst, base + p * nr, nr);
                    }
                }
            }
            transposeScalar(scratch, kc, p, kc, dst, base, nr);
        }
    }

    /** dst[base + p * ldd + r] = src[r * kc + p] for r in [0, L), p in [from, to): the reference and the tail. */
    static void transposeScalar(float[] src, int kc, int from, int to, float[] dst, int base, int ldd) {
        for (int p = from; p < to; p++) {
            int d = base + p * ldd;
            for (int r = 0; r < L; r++) {
                dst[d + r] = src[r * kc + p];
            }
        }
    }

    /** The rows of a stored matrix. */
    static RowSource rows(WeightMatrix w) {
        return (r, c0, len, dst, off) -> Rows.read(w, r, c0, len, dst, off);
    }
}
