package org.videollm4j.model.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.videollm4j.tensor.Parallel;

/**
 * Row-wise normalisations over (rows, dim) activations. The fast versions vectorise each row (f32 lane
 * sums) and split rows over the cores; {@link #rmsNormScalar} / {@link #layerNormScalar} are the
 * plain references (f32 with double sums) the tests compare against.
 */
public final class Norms {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rows per parallel task: a few µs of work each, so the region's overhead stays small. */
    private static final int ROWS_PER_TASK = 32;

    private Norms() {
    }

    /**
     * RMSNorm as transformers' LlamaRMSNorm.forward: x · rsqrt(mean(x²) + eps) · weight.
     * x, out: (rows, dim); out may alias x.
     */
    public static void rmsNorm(float[] x, int rows, int dim, float[] weight, float eps, float[] out) {
        Parallel.forEach((rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK, t -> {
            for (int r = t * ROWS_PER_TASK, end = Math.min(rows, r + ROWS_PER_TASK); r < end; r++) {
                int o = r * dim;
                int i = 0;
                FloatVector acc = FloatVector.zero(S);
                for (int e = dim - S.length(); i <= e; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, o + i);
                    acc = v.fma(v, acc);
                }
                double ss = org.videollm4j.tensor.Lanes.sum(acc);
                for (; i < dim; i++) {
                    ss += (double) x[o + i] * x[o + i];
                }
                float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
                i = 0;
                for (int e = dim - S.length(); i <= e; i += S.length()) {
                    FloatVector.fromArray(S, x, o + i).mul(inv).mul(FloatVector.fromArray(S, weight, i)).intoArray(out, o + i);
                }
                for (; i < dim; i++) {
                    out[o + i] = weight[i] * (x[o + i] * inv);
                }
            }
        });
    }

    /** LayerNorm (biased variance) as torch.nn.LayerNorm. x, out: (rows, dim); out may alias x. */
    public static void layerNorm(float[] x, int rows, int dim, float[] weight, float[] bias, float eps, float[] out) {
        Parallel.forEach((rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK, t -> {
            for (int r = t * ROWS_PER_TASK, end = Math.min(rows, r + ROWS_PER_TASK); r < end; r++) {
                int o = r * dim;
                int i = 0;
                FloatVector acc = FloatVector.zero(S);
                for (int e = dim - S.length(); i <= e; i += S.length()) {
                    acc = acc.add(FloatVector.fromArray(S, x, o + i));
                }
                double sum = org.videollm4j.tensor.Lanes.sum(acc);
                for (; i < dim; i++) {
                    sum += x[o + i];
                }
                float mean = (float) (sum / dim);
                // two-pass variance (as the reference): no cancellation for rows with a large mean
                FloatVector vm = FloatVector.broadcast(S, mean);
                acc = FloatVector.zero(S);
                i = 0;
                for (int e = dim - S.length(); i <= e; i += S.length()) {
                    FloatVector d = FloatVector.fromArray(S, x, o + i).sub(vm);
                    acc = d.fma(d, acc);
                }
                double var = org.videollm4j.tensor.Lanes.sum(acc);
                for (; i < dim; i++) {
                    double d = x[o + i] - mean;
                    var += d * d;
                }
                float inv = (float) (1.0 / Math.sqrt(var / dim + eps));
                i = 0;
                for (int e = dim - S.length(); i <= e; i += S.length()) {
                    FloatVector.fromArray(S, x, o + i).sub(vm).mul(inv)
                            .fma(FloatVector.fromArray(S, weight, i), FloatVector.fromArray(S, bias, i)).intoArray(out, o + i);
                }
                for (; i < dim; i++) {
                    out[o + i] = ((x[o + i] - mean) * inv) * weight[i] + bias[i];
                }
            }
        });
    }

    /** Scalar reference of {@link #rmsNorm}. */
    public static void rmsNormScalar(float[] x, int rows, int dim, float[] weight, float eps, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double ss = 0;
            for (int i = 0; i < dim; i++) {
                ss += (double) x[o + i] * x[o + i];
            }
            float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
            for (int i = 0; i < dim; i++) {
                out[o + i] = weight[i] * (x[o + i] * inv);
            }
        }
    }

    /** Scalar reference of {@link #layerNorm}. */
    public static void layerNormScalar(float[] x, int rows, int dim, float[] weight, float[] bias, float eps, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double mean = 0;
            for (int i = 0; i < dim; i++) {
                mean += x[o + i];
            }
            mean /= dim;
            double var = 0;
            for (int i = 0; i < dim; i++) {
                double d = x[o + i] - mean;
                var += d * d;
            }
            var /= dim;
            double inv = 1.0 / Math.sqrt(var + eps);
            for (int i = 0; i < dim; i++) {
                out[o + i] = (float) ((x[o + i] - mean) * inv) * weight[i] + bias[i];
            }
        }
    }
}
