package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * Scaled dot-product attention of one head, blocked over queries so that at most
 * {@link #QUERY_BLOCK} x keys scores exist at a time (never the full queries x keys matrix): for each
 * block, scores = Q_blk · K^T and out = softmax(scores) · V run as GEMMs on K and V packed once per
 * call ({@link PackedWeights}, read in place), the softmax
 * vectorised with the Vector API's exp. One or two queries (decoding) take a direct path that reads
 * the keys and values in place. {@link #attendScalar} is the reference the tests compare against.
 *
 * <p>Rows are strided: query i is {@code q[qOff + i·qStride ..][0 .. hd)}, key/value j is
 * {@code k/v[kvOff + j·kvStride ..]}, output i is {@code out[oOff + i·oStride ..]}. Query i sees keys
 * 0 .. causalBase + i when {@code causalBase >= 0}, all {@code nk} keys when it is -1. Calls are
 * sequential; callers run heads/blocks in parallel with {@link Parallel} (the inner GEMMs then stay in
 * the calling thread).
 */
public final class Attention {
    /** Query rows per GEMM block: scores (64, keys) stay cache-resident for keys up to a few thousand. */
    public static final int QUERY_BLOCK = 64;

    /** Receives the probabilities of one query row (e.g. for an attention observer). */
    @FunctionalInterface
    public interface ProbsSink {
        void row(int query, float[] probs, int off, int len);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] k = new float[0];      // keys packed as GEMM panels (ceil(keys / NR), hd, NR)
        float[] v = new float[0];      // values transposed into panels (ceil(hd / NR), keys, NR)
        float[] q = new float[0];      // (QUERY_BLOCK, hd) gathered queries
        float[] s = new float[0];      // (QUERY_BLOCK, keys) scores, then probabilities
        float[] o = new float[0];      // (QUERY_BLOCK, hd) block output

        static float[] grow(float[] a, long n) {
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("attention buffer of " + n + " floats is too large");
            }
            return a.length >= n ? a : new float[(int) Math.max(n, a.length + (a.length >> 1))];
        }
    }

    private Attention() {
    }

    /** Attention of queries [qFrom, qTo) of one head; see the class comment for the layout. sink may be null. */
    public static void attendHead(float[] q, int qOff, int qStride, int qFrom, int qTo,
                                  float[] k, float[] v, int kvOff, int kvStride, int nk, int hd, float scale,
                                  int causalBase, float[] out, int oOff, int oStride, ProbsSink sink) {
        attendHead(q, qOff, qStride, qFrom, qTo, k, kvOff, v, kvOff, kvStride, nk, hd, scale, causalBase,
                out, oOff, oStride, sink);
    }

    /**
     * As above with keys at {@code k[kOff + j·kvStride ..]} and values at {@code v[vOff + j·kvStride ..]}, e.g.
     * q, k and v as column ranges of one fused (tokens, 3·width) projection ({@link FusedLinear}).
     */
    public static void attendHead(float[] q, int qOff, int qStride, int qFrom, int qTo,
                                  float[] k, int kOff, float[] v, int vOff, int kvStride, int nk, int hd, float scale,
                                  int causalBase, float[] out, int oOff, int oStride, ProbsSink sink) {
        if (qTo <= qFrom) {
            return;
        }
        if (causalBase >= 0 && causalBase + qTo > nk) {
            throw new IllegalArgumentException("causal query " + (qTo - 1) + " at base " + causalBase + " needs "
                    + (causalBase + qTo) + " keys, have " + nk);
        }
        if (qTo - qFrom <= 2) {
            for (int i = qFrom; i < qTo; i++) {
                direct(q, qOff + i * qStride, k, kOff, v, vOff, kvStride, causalBase >= 0 ? causalBase + i + 1 : nk, hd,
                        scale, out, oOff + i * oStride, sink, i);
            }
            return;
        }
        Scratch sc = SCRATCH.get();
        int keys = causalBase >= 0 ? causalBase + qTo : nk; // keys any query of the range sees
        // K as GEMM panels (w = K: scores = Q · K^T) and V transposed (w = V^T: out = P · V), packed once
        // for all query blocks; each block then reads a leading part (the keys it sees) in place.
        sc.k = Scratch.grow(sc.k, PackedWeights.packedSize(keys, hd));
        sc.v = Scratch.grow(sc.v, PackedWeights.packedSize(hd, keys));
        PackedWeights kp = PackedWeights.ofRows(k, kOff, kvStride, keys, hd, sc.k);
        PackedWeights vp = PackedWeights.ofTransposedRows(v, vOff, kvStride, keys, hd, sc.v);
        sc.q = Scratch.grow(sc.q, (long) QUERY_BLOCK * hd);
        sc.o = Scratch.grow(sc.o, (long) QUERY_BLOCK * hd);
        for (int i0 = qFrom; i0 < qTo; i0 += QUERY_BLOCK) {
            int bq = Math.min(QUERY_BLOCK, qTo - i0);
            int vis = causalBase >= 0 ? causalBase + i0 + bq : nk; // keys seen by the block's last row
            sc.s = Scratch.grow(sc.s, (long) bq * vis);
            float[] s = sc.s; // (bq, vis)
            for (int r = 0; r < bq; r++) {
                System.arraycopy(q, qOff + (i0 + r) * qStride, sc.q, r * hd, hd);
            }
            kp.matmulT(sc.q, bq, hd, vis, s);
            for (int r = 0; r < bq; r++) {
                int lim = causalBase >= 0 ? causalBase + i0 + r + 1 : vis;
                softmaxScaled(s, r * vis, lim, scale);
                java.util.Arrays.fill(s, r * vis + lim, (r + 1) * vis, 0f); // masked keys weigh nothing
                if (sink != null) {
                    sink.row(i0 + r, s, r * vis, lim);
                }
            }
            vp.matmulT(s, bq, vis, hd, sc.o);
            for (int r = 0; r < bq; r++) {
                System.arraycopy(sc.o, r * hd, out, oOff + (i0 + r) * oStride, hd);
            }
        }
    }

    /** One query over keys [0, lim) read in place. */
    private static void direct(float[] q, int qo, float[] k, int kOff, float[] v, int vOff, int kvStride, int lim,
                               int hd, float scale, float[] out, int oo, ProbsSink sink, int query) {
        Scratch sc = SCRATCH.get();
        sc.s = Scratch.grow(sc.s, lim);
        float[] s = sc.s;
        for (int j = 0; j < lim; j++) {
            s[j] = dot(q, qo, k, kOff + j * kvStride, hd);
        }
        softmaxScaled(s, 0, lim, scale);
        if (sink != null) {
            sink.row(query, s, 0, lim);
        }
        java.util.Arrays.fill(out, oo, oo + hd, 0f);
        for (int j = 0; j < lim; j++) {
            axpy(s[j], v, vOff + j * kvStride, out, oo, hd);
        }
    }

    /** x[off .. off+len) := softmax(scale · x), max-subtracted, exp vectorised. */
    public static void softmaxScaled(float[] x, int off, int len, float scale) {
        int i = 0;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int end = len - L; i <= end; i += L) {
            vmax = vmax.max(FloatVector.fromArray(S, x, off + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            max = Math.max(max, x[off + i]);
        }
        float shift = max * scale;
        FloatVector vs = FloatVector.broadcast(S, scale), vsh = FloatVector.broadcast(S, shift);
        FloatVector acc = FloatVector.zero(S);
        i = 0;
        for (int end = len - L; i <= end; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, off + i).fma(vs, vsh.neg()).lanewise(VectorOperators.EXP);
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = Lanes.sum(acc);
        for (; i < len; i++) {
            float e = (float) Math.exp(x[off + i] * scale - shift);
            x[off + i] = e;
            sum += e;
        }
        FloatVector inv = FloatVector.broadcast(S, 1f / sum);
        i = 0;
        for (int end = len - L; i <= end; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(inv).intoArray(x, off + i);
        }
        for (float invS = 1f / sum; i < len; i++) {
            x[off + i] *= invS;
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int end = len - L; i <= end; i += L) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = Lanes.sum(acc);
        for (; i < len; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    private static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int end = len - L; i <= end; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** Scalar reference of {@link #attendHead} (double sums, Math.exp), same layout and masking. */
    public static void attendScalar(float[] q, int qOff, int qStride, int qFrom, int qTo,
                                    float[] k, float[] v, int kvOff, int kvStride, int nk, int hd, float scale,
                                    int causalBase, float[] out, int oOff, int oStride) {
        for (int i = qFrom; i < qTo; i++) {
            int lim = causalBase >= 0 ? causalBase + i + 1 : nk;
            double[] p = new double[lim];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < lim; j++) {
                double d = 0;
                for (int c = 0; c < hd; c++) {
                    d += (double) q[qOff + i * qStride + c] * k[kvOff + j * kvStride + c];
                }
                p[j] = d * scale;
                max = Math.max(max, p[j]);
            }
            double sum = 0;
            for (int j = 0; j < lim; j++) {
                p[j] = Math.exp(p[j] - max);
                sum += p[j];
            }
            for (int c = 0; c < hd; c++) {
                double acc = 0;
                for (int j = 0; j < lim; j++) {
                    acc += p[j] / sum * v[kvOff + j * kvStride + c];
                }
                out[oOff + i * oStride + c] = (float) acc;
            }
        }
    }
}
