package org.videollm4j.tensor;

/**
 * The right operand of a GEMM, seen through the one operation the blocked kernel needs: pack the
 * block of output columns [j0, j0 + nb) and reduction range [p0, p0 + kc) as f32 panels of
 * {@link Gemm#NR} columns interleaved along k (BLIS "packB" layout), i.e.
 * dst[(jr / NR) * kc * NR + p * NR + (jr % NR)] = B(p0 + p, j0 + jr), zero past column nb.
 */
interface PackedB {
    int n();

    int k();

    /** scratch holds at least {@link PanelPacker#scratchSize}(kc) floats. */
    void pack(int j0, int nb, int p0, int kc, float[] dst, float[] scratch);

    /** B = w^T for a stored (n, k) matrix: each row of w becomes one packed column. */
    static PackedB transposed(WeightMatrix w) {
        PanelPacker.RowSource rows = PanelPacker.rows(w);
        return new PackedB() {
            public int n() {
                return w.rows();
            }

            public int k() {
                return w.cols();
            }

            public void pack(int j0, int nb, int p0, int kc, float[] dst, float[] scratch) {
                PanelPacker.pack(rows, j0, nb, p0, kc, dst, 0, kc * Gemm.NR, scratch);
            }
        };
    }

    /** B given as a row-major (k, n) heap array: rows of B are already laid out along the columns. */
    static PackedB rowMajor(float[] b, int k, int n) {
        if (b.length < (long) k * n) {
            throw new IllegalArgumentException("b has " + b.length + " floats, needs (" + k + ", " + n + ")");
        }
        return new PackedB() {
            public int n() {
                return n;
            }

            public int k() {
                return k;
            }

            public void pack(int j0, int nb, int p0, int kc, float[] dst, float[] scratch) {
                int nr = Gemm.NR;
                for (int jr = 0; jr < nb; jr += nr) {
                    int w = Math.min(nr, nb - jr);
                    int base = (jr / nr) * kc * nr;
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * nr;
                        System.arraycopy(b, (p0 + p) * n + j0 + jr, dst, d, w);
                        for (int z = w; z < nr; z++) {
                            dst[d + z] = 0f;
                        }
                    }
                }
            }
        };
    }
}
