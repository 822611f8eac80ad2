package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * Blocked f32 GEMM c(m, n) = a(m, k) · B(k, n), after the BLIS design (Van Zee and van de Geijn,
 * "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", 2015): B is packed per
 * (KC x NB) block into thread-local panels converted to f32, A per (MR x KC) micro-panel, and a
 * register-blocked micro-kernel keeps an MR x NR tile of c in MR * 2 vector accumulators,
 * broadcasting one value of a and FMA-ing it into two vectors of packed B.
 *
 * <p>Work is split into tasks over column blocks (and, when there are too few of those to keep the
 * cores busy, over row blocks too); each task reuses its packed B block for all of its rows.
 */
final class Gemm {
    /** Rows of the register tile; MR * 2 accumulators + 2 B vectors + 1 broadcast fit 16 registers. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Reduction block: KC * NR packed floats (one B micro-panel) stay in L1 next to the A panel. */
    static final int KC = 256;
    /** Widest column block per task: a KC x NB packed B block (256 KiB) stays in L2. */
    static final int NB_MAX = 256;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Gemm() {
    }

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Buffers {
        final float[] a = new float[MR * KC]; // (KC, MR) packed A micro-panel
        final float[] tile = new float[MR * NR]; // (MR, NR) edge tile
        float[] b = new float[0]; // (NB / NR, KC, NR) packed B block
        float[] scratch = new float[KC]; // one converted row of w
    }

    static void gemm(float[] a, int m, PackedB b, float[] c) {
        int n = b.n();
        int nbMax = Math.min(NB_MAX, roundUp(n, NR));
        int colBlocks = ceilDiv(n, nbMax);
        if (colBlocks > 1 && colBlocks % Parallel.THREADS != 0) {
            colBlocks = roundUp(colBlocks, Parallel.THREADS); // equal shares per core
        }
        int nb = roundUp(ceilDiv(n, colBlocks), NR);
        int cols = ceilDiv(n, nb);
        // Too few column blocks (narrow n, e.g. attention x V): also split the rows.
        int wantTasks = 2 * Parallel.THREADS;
        int rowBlocks = cols >= wantTasks ? 1 : Math.min(ceilDiv(m, MR), ceilDiv(wantTasks, cols));
        int mb = roundUp(ceilDiv(m, rowBlocks), MR);
        int rows = ceilDiv(m, mb);
        Parallel.forEach(rows * cols, t -> {
            int i0 = (t / cols) * mb;
            int j0 = (t % cols) * nb;
            block(a, Math.min(mb, m - i0), i0, b, j0, Math.min(nb, n - j0), c, n);
        });
    }

    /** c[i0 .. i0 + mb)[j0 .. j0 + nb) for the whole reduction range. */
    private static void block(float[] a, int mb, int i0, PackedB b, int j0, int nb, float[] c, int ldc) {
        int k = b.k();
        Buffers buf = BUFFERS.get();
        int need = roundUp(nb, NR) * KC;
        if (buf.b.length < need) {
            buf.b = new float[need];
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            boolean accumulate = p0 > 0;
            b.pack(j0, nb, p0, kc, buf.b, buf.scratch);
            for (int ir = 0; ir < mb; ir += MR) {
                int mr = Math.min(MR, mb - ir);
                packA(a, k, i0 + ir, mr, p0, kc, buf.a);
                for (int jr = 0; jr < nb; jr += NR) {
                    int nr = Math.min(NR, nb - jr);
                    int bOff = (jr / NR) * kc * NR;
                    int cOff = (i0 + ir) * ldc + j0 + jr;
                    if (mr == MR && nr == NR) {
                        kernel(buf.a, buf.b, bOff, kc, c, cOff, ldc, accumulate);
                    } else {
                        // Edge tile: compute the full padded tile aside, keep only the valid part.
                        kernel(buf.a, buf.b, bOff, kc, buf.tile, 0, NR, false);
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

    /** dst[p * MR + r] = a[(i0 + r) * k + p0 + p]; rows past mr are zero so the kernel needs no tail. */
    private static void packA(float[] a, int k, int i0, int mr, int p0, int kc, float[] dst) {
        for (int r = 0; r < MR; r++) {
            if (r < mr) {
                int src = (i0 + r) * k + p0;
                for (int p = 0; p < kc; p++) {
                    dst[p * MR + r] = a[src + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[p * MR + r] = 0f;
                }
            }
        }
    }

    /** The MR x NR register tile: c(tile) (+)= packedA(MR, kc) · packedB(kc, NR). */
    private static void kernel(float[] ap, float[] bp, int bOff, int kc, float[] c, int cOff, int ldc,
                               boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int ai = 0;
        int bi = bOff;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        store(c00, c01, c, cOff, accumulate);
        store(c10, c11, c, cOff + ldc, accumulate);
        store(c20, c21, c, cOff + 2 * ldc, accumulate);
        store(c30, c31, c, cOff + 3 * ldc, accumulate);
        store(c40, c41, c, cOff + 4 * ldc, accumulate);
        store(c50, c51, c, cOff + 5 * ldc, accumulate);
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int off, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, c, off));
            v1 = v1.add(FloatVector.fromArray(S, c, off + L));
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int y) {
        return ceilDiv(x, y) * y;
    }
}
