package org.videollm4j.model.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise activations. The MLP ones run over (tokens x intermediate) floats per layer, so they
 * are vectorised (the Vector API's tanh/exp); each keeps a plain scalar twin the tests compare against.
 */
public final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Activations() {
    }

    /** gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in place over x[0 .. n). */
    public static void geluTanh(float[] x, int n) {
        geluTanh(x, 0, n);
    }

    /** {@link #geluTanh(float[], int)} over x[from .. to); each element gets the same value as in a whole-array call
     *  when it falls in the vector part of both (range lengths a multiple of the vector length). */
    public static void geluTanh(float[] x, int from, int to) {
        int i = from;
        FloatVector c = FloatVector.broadcast(S, (float) SQRT_2_OVER_PI);
        FloatVector c3 = FloatVector.broadcast(S, (float) (SQRT_2_OVER_PI * 0.044715));
        for (int end = to - S.length(); i <= end; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            // √(2/π)·x + √(2/π)·0.044715·x³ = x·(c + c3·x²)
            FloatVector t = v.mul(v).fma(c3, c).mul(v).lanewise(VectorOperators.TANH);
            v.mul(0.5f).fma(t, v.mul(0.5f)).intoArray(x, i);
        }
        geluTanhScalar(x, i, to);
    }

    /** Scalar reference of {@link #geluTanh} over x[from .. n), in double. */
    public static void geluTanhScalar(float[] x, int from, int n) {
        for (int i = from; i < n; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
    }

    /** gate[i] = silu(gate[i]) · up[i] for i < n (Llama's gated MLP), silu(x) = x / (1 + e^-x). */
    public static void siluMul(float[] gate, float[] up, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int end = n - S.length(); i <= end; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            FloatVector e = g.neg().lanewise(VectorOperators.EXP);
            g.div(e.add(one)).mul(FloatVector.fromArray(S, up, i)).intoArray(gate, i);
        }
        siluMulScalar(gate, up, i, n);
    }

    /** Scalar reference of {@link #siluMul} over [from, n), in double. */
    public static void siluMulScalar(float[] gate, float[] up, int from, int n) {
        for (int i = from; i < n; i++) {
            double g = gate[i];
            gate[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }

    /** In-place softmax of x[off .. off + len), max-subtracted, sums in double. */
    public static void softmax(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < len; i++) {
            x[off + i] *= inv;
        }
    }
}
