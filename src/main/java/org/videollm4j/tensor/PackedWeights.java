package org.videollm4j.tensor;

/**
 * A weight matrix w (n, k) packed once, as f32, into the panel layout {@link Gemm} consumes
 * (BLIS "packB": panels of {@link Gemm#NR} output columns, interleaved along k, zero-padded), so that
 * a batched product only copies contiguous panel slices instead of transposing and converting w on
 * every call; {@link #matmulT} reads them in place. Costs ceil(n / NR) · NR · k floats of heap; the source w stays the decoding (GEMV) path.
 */
public final class PackedWeights implements PackedB {
    private final int n;
    private final int k;
    private final float[] panels; // (ceil(n / NR), k, NR)

    PackedWeights(int n, int k, float[] panels) {
        this.n = n;
        this.k = k;
        this.panels = panels;
    }

    public static PackedWeights of(WeightMatrix w) {
        return stacked(w);
    }

    /**
     * Packs the row-wise stack [parts[0]; parts[1]; ..] (Σ rows, k) as one matrix, e.g. q, k and v
     * projections fused into one product ({@link FusedLinear}); every part must have the same cols.
     */
    public static PackedWeights stacked(WeightMatrix... parts) {
        int k = parts[0].cols(), nr = Gemm.NR;
        long rows = 0;
        for (WeightMatrix w : parts) {
            if (w.cols() != k) {
                throw new IllegalArgumentException("stacked matrices need equal cols, got " + w.cols() + " and " + k);
            }
            rows += w.rows();
        }
        long size = Gemm.ceilDiv((int) Math.min(rows, Integer.MAX_VALUE), nr) * (long) nr * k;
        if (rows > Integer.MAX_VALUE || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix (" + rows + ", " + k + ") is too large to pack on the heap");
        }
        int n = (int) rows;
        float[] panels = new float[(int) size]; // (ceil(n / NR), k, NR)
        int[] starts = new int[parts.length + 1]; // first stacked row of each part
        for (int i = 0; i < parts.length; i++) {
            starts[i + 1] = starts[i] + parts[i].rows();
        }
        PanelPacker.RowSource source = (r, c0, len, dst, off) -> {
            int i = 0;
            while (r >= starts[i + 1]) {
                i++;
            }
            Rows.read(parts[i], r - starts[i], c0, len, dst, off);
        };
        int kc = Math.min(k, Gemm.KC);
        float[] scratch = new float[PanelPacker.scratchSize(kc)];
        for (int p0 = 0; p0 < k; p0 += kc) { // panel rows p0 .. p0 + kc of every panel
            PanelPacker.pack(source, 0, n, p0, Math.min(kc, k - p0), panels, p0 * nr, k * nr, scratch);
        }
        return new PackedWeights(n, k, panels);
    }

    /** Floats a packed (n, k) matrix takes: ceil(n / NR) · NR · k. */
    static long packedSize(int n, int k) {
        return (long) Gemm.ceilDiv(n, Gemm.NR) * Gemm.NR * k;
    }

    /** Packs w(n, k) given as strided rows (row j at src[off + j·stride ..]) into dst; zero padding included. */
    static PackedWeights ofRows(float[] src, int off, int stride, int n, int k, float[] dst) {
        int nr = Gemm.NR;
        int size = (int) packedSize(n, k);
        java.util.Arrays.fill(dst, (Gemm.ceilDiv(n, nr) - 1) * k * nr, size, 0f); // last panel: zero padding
        for (int j = 0; j < n; j++) {
            int base = (j / nr) * k * nr + j % nr;
            int so = off + j * stride;
            for (int p = 0; p < k; p++) {
                dst[base + p * nr] = src[so + p];
            }
        }
        return new PackedWeights(n, k, dst);
    }

    /**
     * Packs the transpose of a (k, n) matrix given as strided rows (row p at src[off + p·stride ..]):
     * w = src^T, so w's panels are runs of src rows (e.g. values V, for probabilities · V).
     */
    static PackedWeights ofTransposedRows(float[] src, int off, int stride, int k, int n, float[] dst) {
        int nr = Gemm.NR;
        int size = (int) packedSize(n, k);
        int panels = Gemm.ceilDiv(n, nr);
        for (int jp = 0; jp < panels; jp++) {
            int w = Math.min(nr, n - jp * nr);
            for (int p = 0; p < k; p++) {
                int d = jp * k * nr + p * nr;
                System.arraycopy(src, off + p * stride + jp * nr, dst, d, w);
                for (int z = w; z < nr; z++) {
                    dst[d + z] = 0f;
                }
            }
        }
        return new PackedWeights(n, k, dst);
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

    /** Per-thread edge buffers: a short last row panel (MR, KC) and an edge tile (MR, NR). */
    private static final ThreadLocal<float[][]> EDGE = ThreadLocal.withInitial(
            () -> new float[][]{new float[Gemm.MR * Gemm.KC], new float[Gemm.MR * Gemm.NR]});

    /**
     * c(m, n) = a(m, k) · w^T (any m ≥ 1). The same blocking, task split and micro-kernels as
     * {@link Gemm}, but the kernels read the panels in place: no per-call packing copy of w.
     */
    public void matmulT(float[] a, int m, float[] c) {
        matmulT(a, m, k, n, c);
    }

    /**
     * c(m, cols) = a(m, kUsed) · w[0 .. cols, 0 .. kUsed)^T: a leading block of w (e.g. the keys a
     * causal query block sees), a and c row-major with strides kUsed and cols.
     */
    public void matmulT(float[] a, int m, int kUsed, int cols, float[] c) {
        matmulT(a, m, kUsed, cols, c, null);
    }

    /** {@link #matmulT(float[], int, float[])}, then {@code then} (may be null) on each block by the task that made it. */
    public void matmulT(float[] a, int m, float[] c, BlockEpilogue then) {
        matmulT(a, m, k, n, c, then);
    }

    private void matmulT(float[] a, int m, int kUsed, int cols, float[] c, BlockEpilogue then) {
        if (kUsed < 1 || kUsed > k || cols < 1 || cols > n || a.length < (long) m * kUsed || c.length < (long) m * cols) {
            throw new IllegalArgumentException("a must hold (" + m + ", " + kUsed + ") and c (" + m + ", " + cols
                    + ") within w (" + n + ", " + k + "), got " + a.length + " and " + c.length + " floats");
        }
        if (m <= 0) {
            return;
        }
        int nr = Gemm.NR, mr = Gemm.MR, threads = Parallel.THREADS;
        int colPanels = Gemm.ceilDiv(cols, nr);
        int blocks = Math.min(colPanels, Gemm.ceilDiv(colPanels * nr, Gemm.NB_MAX));
        if (blocks % threads != 0) {
            blocks = Math.min(colPanels, Gemm.roundUp(blocks, threads));
        }
        int rowPanels = Gemm.ceilDiv(m, mr);
        int wantTasks = 4 * threads;
        int rows = blocks >= wantTasks ? 1 : Math.min(rowPanels, Gemm.ceilDiv(wantTasks, blocks));
        int finalCols = blocks;
        Parallel.forEach(rows * finalCols, t -> {
            int ri = Gemm.taskRow(t, rows), ci = Gemm.taskCol(t, rows, finalCols); // no false sharing: see taskRow
            int i0 = (int) ((long) ri * rowPanels / rows) * mr;
            int i1 = Math.min(m, (int) ((long) (ri + 1) * rowPanels / rows) * mr);
            int p0 = (int) ((long) ci * colPanels / finalCols);
            int p1 = (int) ((long) (ci + 1) * colPanels / finalCols);
            block(a, i0, i1, p0, p1, kUsed, cols, c);
            if (then != null && i0 < i1 && p0 < p1) {
                then.apply(c, i0, i1, p0 * nr, Math.min(cols, p1 * nr), cols);
            }
        });
    }

    /** c rows [i0, i1) x column panels [pa, pb), whole reduction range. */
    private void block(float[] a, int i0, int i1, int pa, int pb, int kUsed, int cols, float[] c) {
        int nr = Gemm.NR, mr = Gemm.MR;
        float[][] edge = EDGE.get();
        float[] apad = edge[0]; // (MR, KC)
        float[] tile = edge[1]; // (MR, NR)
        int kcBlock = Gemm.ceilDiv(kUsed, Gemm.ceilDiv(kUsed, Gemm.KC)); // equal k blocks, as Gemm
        for (int p0 = 0; p0 < kUsed; p0 += kcBlock) {
            int kc = Math.min(kcBlock, kUsed - p0);
            boolean accumulate = p0 > 0;
            for (int ir = i0; ir < i1; ir += mr) {
                int rowsHere = Math.min(mr, i1 - ir);
                float[] ap = a;
                int aOff = ir * kUsed + p0;
                int lda = kUsed;
                if (rowsHere < mr) { // short last row panel: zero-padded copy, so the kernel never reads past a
                    ap = apad;
                    aOff = 0;
                    lda = kc;
                    for (int r = 0; r < mr; r++) {
                        if (r < rowsHere) {
                            System.arraycopy(a, (ir + r) * kUsed + p0, ap, r * kc, kc);
                        } else {
                            java.util.Arrays.fill(ap, r * kc, (r + 1) * kc, 0f);
                        }
                    }
                }
                for (int panel = pa; panel < pb; panel++) {
                    int colsHere = Math.min(nr, cols - panel * nr);
                    int bOff = panel * k * nr + p0 * nr;
                    int cOff = ir * cols + panel * nr;
                    if (rowsHere == mr && colsHere == nr) {
                        kernel(ap, aOff, lda, bOff, kc, c, cOff, cols, accumulate);
                    } else {
                        kernel(ap, aOff, lda, bOff, kc, tile, 0, nr, false);
                        for (int r = 0; r < rowsHere; r++) {
                            for (int j = 0; j < colsHere; j++) {
                                float v = tile[r * nr + j];
                                c[cOff + r * cols + j] = accumulate ? c[cOff + r * cols + j] + v : v;
                            }
                        }
                    }
                }
            }
        }
    }

    private void kernel(float[] a, int aOff, int lda, int bOff, int kc, float[] c, int cOff, int ldc, boolean acc) {
        if (Gemm.WIDE) {
            Kernel8x3.kernel(a, aOff, lda, panels, bOff, kc, c, cOff, ldc, acc);
        } else {
            Kernel6x2.kernel(a, aOff, lda, panels, bOff, kc, c, cOff, ldc, acc);
        }
    }
}
