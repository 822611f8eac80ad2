package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * Blocked f32 GEMM c(m, n) = a(m, k) · B(k, n), after the BLIS design (Van Zee and van de Geijn,
 * "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", 2015): B is packed per
 * (KC x NB) block into thread-local panels converted to f32, and a register-blocked micro-kernel
 * ({@link Kernel6x2} or {@link Kernel8x3}) keeps an MR x NR tile of c in vector accumulators,
 * broadcasting one value of a and FMA-ing it into the vectors of packed B. Unlike BLIS, a is read
 * in place (row-major, MR sequential streams): packing it cost more than it saved here.
 *
 * <p>Work is split into tasks over column blocks (and, when there are too few of those to keep the
 * cores busy, over row blocks too); each task reuses its packed B block for all of its rows.
 */
final class Gemm {
    /** AVX-512 has 32 vector registers: room for a larger tile, so fewer loads per FMA. */
    static final boolean WIDE = S.vectorBitSize() >= 512;
    /** Rows of the register tile. */
    static final int MR = WIDE ? Kernel8x3.ROWS : Kernel6x2.ROWS;
    /** Columns of the register tile: whole vectors. */
    static final int NR = (WIDE ? Kernel8x3.VECS : Kernel6x2.VECS) * L;
    /**
     * Largest reduction block. Measured on the 2-core Zen 4 (1024x768x768, one thread): 128 -> 65,
     * 256 -> 78-82, 384-1024 -> 83-86 GFLOP/s; the B micro-panel streams well from L2, and longer
     * blocks reload the c tile less often. k is split into equal blocks of at most KC.
     */
    static final int KC = Integer.getInteger("videollm4j.gemm.kc", 384);
    /** Widest column block per task: a KC x NB packed B block (under 0.5 MiB) stays in L2. */
    static final int NB_MAX = 256;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Gemm() {
    }

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Buffers {
        final float[] a = new float[MR * KC]; // (MR, KC) zero-padded last row panel of a
        final float[] tile = new float[MR * NR]; // (MR, NR) edge tile
        float[] b = new float[0]; // (NB / NR, KC, NR) packed B block
        float[] scratch = new float[PanelPacker.scratchSize(KC)]; // (L, KC) converted rows of w
    }

    static void gemm(float[] a, int m, PackedB b, float[] c) {
        int n = b.n();
        int threads = Parallel.THREADS;
        // Blocks are whole register tiles, spread evenly (sizes differ by at most one tile), so
        // that the cores get equal shares; the column block count is a multiple of the cores.
        int colPanels = ceilDiv(n, NR);
        int cols = Math.min(colPanels, ceilDiv(colPanels * NR, NB_MAX));
        if (cols % threads != 0) {
            cols = Math.min(colPanels, roundUp(cols, threads));
        }
        // A few tasks per core keep the split balanced when other jobs take a core for a while;
        // splitting rows costs one more packing of the B block per row block.
        int rowPanels = ceilDiv(m, MR);
        int wantTasks = 4 * threads;
        int rows = cols >= wantTasks ? 1 : Math.min(rowPanels, ceilDiv(wantTasks, cols));
        int finalCols = cols;
        Parallel.forEach(rows * finalCols, t -> {
            int ri = taskRow(t, rows), ci = taskCol(t, rows, finalCols);
            int i0 = (int) ((long) ri * rowPanels / rows) * MR;
            int i1 = Math.min(m, (int) ((long) (ri + 1) * rowPanels / rows) * MR);
            int j0 = (int) ((long) ci * colPanels / finalCols) * NR;
            int j1 = Math.min(n, (int) ((long) (ci + 1) * colPanels / finalCols) * NR);
            block(a, i1 - i0, i0, b, j0, j1 - j0, c, n);
        });
    }

    /**
     * Row block of task t in a (rows x cols) grid of blocks of c. Tasks claimed one after the other run at the
     * same time on different cores, and they must not write neighbouring column blocks of the same rows: a
     * block edge falls inside a cache line unless c starts on a 64-byte boundary (a heap array lands anywhere),
     * and two cores writing one line trade it back and forth (false sharing). Measured with `bench-gemm` on the
     * 2-core Zen 4 guest: 1024x768x768 swung between 95 and 170 GFLOP/s with column-adjacent tasks, 165-183
     * in this order. So consecutive tasks take different row blocks of one column block, or, with one row
     * block, opposite halves of the columns ({@link #taskCol}; made for two cores: with more, tasks claimed
     * further apart can still meet). Each c element is still computed by one task in the same order: results
     * do not depend on the order.
     */
    static int taskRow(int t, int rows) {
        return rows > 1 ? t % rows : 0;
    }

    /** Column block of task t; with {@link #taskRow}, a bijection of [0, rows * cols) onto the grid. */
    static int taskCol(int t, int rows, int cols) {
        if (rows > 1) {
            return t / rows;
        }
        return (t & 1) == 0 ? t >> 1 : (cols + 1) / 2 + (t >> 1);
    }

    /** c[i0 .. i0 + mb)[j0 .. j0 + nb) for the whole reduction range. */
    private static void block(float[] a, int mb, int i0, PackedB b, int j0, int nb, float[] c, int ldc) {
        int k = b.k();
        Buffers buf = BUFFERS.get();
        int need = roundUp(nb, NR) * Math.min(KC, k);
        if (buf.b.length < need) {
            buf.b = new float[need];
        }
        int kcBlock = ceilDiv(k, ceilDiv(k, KC)); // equal blocks: no short last one
        for (int p0 = 0; p0 < k; p0 += kcBlock) {
            int kc = Math.min(kcBlock, k - p0);
            boolean accumulate = p0 > 0;
            b.pack(j0, nb, p0, kc, buf.b, buf.scratch);
            for (int ir = 0; ir < mb; ir += MR) {
                int mr = Math.min(MR, mb - ir);
                // A is read in place (packing it cost ~25% at these sizes); only a short last
                // row panel is copied, zero-padded to MR rows, so the kernel never reads past a.
                float[] ap = a;
                int aOff = (i0 + ir) * k + p0;
                int lda = k;
                if (mr < MR) {
                    ap = buf.a;
                    aOff = 0;
                    lda = kc;
                    for (int r = 0; r < MR; r++) {
                        if (r < mr) {
                            System.arraycopy(a, (i0 + ir + r) * k + p0, ap, r * kc, kc);
                        } else {
                            java.util.Arrays.fill(ap, r * kc, (r + 1) * kc, 0f);
                        }
                    }
                }
                for (int jr = 0; jr < nb; jr += NR) {
                    int nr = Math.min(NR, nb - jr);
                    int bOff = (jr / NR) * kc * NR;
                    int cOff = (i0 + ir) * ldc + j0 + jr;
                    if (mr == MR && nr == NR) {
                        kernel(ap, aOff, lda, buf.b, bOff, kc, c, cOff, ldc, accumulate);
                    } else {
                        // Edge tile: compute the full padded tile aside, keep only the valid part.
                        kernel(ap, aOff, lda, buf.b, bOff, kc, buf.tile, 0, NR, false);
                        for (int r = 0; r < mr; r++) {
                            for (int j = 0; j < nr; j++) {
                                float v = buf.tile[r * NR + j];
                                c[cOff + r * ldc + j] = accumulate ? c[cOff + r * ldc + j] + v : v;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The MR x NR register tile: c(tile) (+)= a(MR rows from aOff, stride lda; kc) · packedB(kc, NR). */
    private static void kernel(float[] a, int aOff, int lda, float[] bp, int bOff, int kc, float[] c, int cOff,
                               int ldc, boolean accumulate) {
        if (WIDE) {
            Kernel8x3.kernel(a, aOff, lda, bp, bOff, kc, c, cOff, ldc, accumulate);
        } else {
            Kernel6x2.kernel(a, aOff, lda, bp, bOff, kc, c, cOff, ldc, accumulate);
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int y) {
        return ceilDiv(x, y) * y;
    }
}
