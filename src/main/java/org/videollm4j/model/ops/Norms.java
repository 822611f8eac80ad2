package org.videollm4j.model.ops;

/** Row-wise normalisations over (rows, dim) activations, computed in f32 with double sums. */
public final class Norms {
    private Norms() {
    }

    /**
     * RMSNorm as transformers' LlamaRMSNorm.forward: x · rsqrt(mean(x²) + eps) · weight.
     * x, out: (rows, dim); out may alias x.
     */
    public static void rmsNorm(float[] x, int rows, int dim, float[] weight, float eps, float[] out) {
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

    /** LayerNorm (biased variance) as torch.nn.LayerNorm. x, out: (rows, dim); out may alias x. */
    public static void layerNorm(float[] x, int rows, int dim, float[] weight, float[] bias, float eps, float[] out) {
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
