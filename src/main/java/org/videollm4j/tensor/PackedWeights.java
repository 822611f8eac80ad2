package org.videollm4j.tensor;

/**
 * A weight matrix w (n, k) packed once, as f32, into the panel layout {@link Gemm} consumes
 * (BLIS "packB": panels of {@link Gemm#NR} output columns, interleaved along k, zero-padded), so that
 * a batched product only copies contiguous panel slices instead of transposing and converting w on
 * every call. Costs ceil(n / NR) · NR · k floats of heap; the source w stays the decoding (GEMV) path.
 */
public final class PackedWeights implements PackedB {
    private final int n;
    private final int k;
    private final float[] panels; // (ceil(n / NR), k, NR)

    private PackedWeights(int n, int k, float[] panels) {
        this.n = n;
        this.k = k;
        this.panels = panels;
    }

    public static PackedWeights of(WeightMatrix w) {
        int n = w.rows(), k = w.cols(), nr = Gemm.NR;
        long size = (long) Gemm.ceilDiv(n, nr) * nr * k;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix (" + n + ", " + k + ") is too large to pack on the heap");
        }
        float[] panels = new float[(int) size];
        float[] row = new float[k];
        for (int j = 0; j < n; j++) {
            w.row(j, row, 0);
            int base = (j / nr) * k * nr + j % nr;
            for (int p = 0; p < k; p++) {
                panels[base + p * nr] = row[p];
            }
        }
        return new PackedWeights(n, k, panels);
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public void pack(int j0, int nb, int p0, int kc, float[] dst, float[] scratch) {
        int nr = Gemm.NR;
        int count = Gemm.ceilDiv(nb, nr);
        if (j0 % nr == 0) {
            for (int jp = 0; jp < count; jp++) {
                System.arraycopy(panels, (j0 / nr + jp) * k * nr + p0 * nr, dst, jp * kc * nr, kc * nr);
            }
            if (nb % nr != 0) { // columns past nb inside the last panel: zero, as PackedB requires
                int jp = count - 1;
                for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(dst, jp * kc * nr + p * nr + nb % nr, jp * kc * nr + (p + 1) * nr, 0f);
                }
            }
            return;
        }
        for (int jr = 0; jr < count * nr; jr++) { // unaligned block: element by element
            int j = j0 + jr;
            for (int p = 0; p < kc; p++) {
                dst[(jr / nr) * kc * nr + p * nr + jr % nr] =
                        jr < nb ? panels[(j / nr) * k * nr + (p0 + p) * nr + j % nr] : 0f;
            }
        }
    }

    /** c(m, n) = a(m, k) · w^T with the packed panels (any m ≥ 1). */
    public void matmulT(float[] a, int m, float[] c) {
        if (a.length < (long) m * k || c.length < (long) m * n) {
            throw new IllegalArgumentException("a must hold (" + m + ", " + k + ") and c (" + m + ", " + n + "), got "
                    + a.length + " and " + c.length + " floats");
        }
        if (m > 0) {
            Gemm.gemm(a, m, this, c);
        }
    }
}
