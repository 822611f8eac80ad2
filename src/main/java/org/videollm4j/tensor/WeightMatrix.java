package org.videollm4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A row-major (rows, cols) matrix of stored weights, usually a memory-mapped slice of a
 * safetensors file (never copied onto the heap). Linear layers store W as (out, in), so
 * y = x · W^T; see {@link MatMul}.
 */
public record WeightMatrix(MemorySegment data, DType dtype, int rows, int cols) {
    public static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public WeightMatrix {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix shape must be positive, got (" + rows + ", " + cols + ")");
        }
        long need = (long) rows * cols * dtype.bytes();
        if (data.byteSize() != need) {
            throw new IllegalArgumentException("matrix (" + rows + ", " + cols + ") " + dtype + " needs " + need
                    + " bytes, segment has " + data.byteSize());
        }
    }

    /** Wraps a heap array (rows, cols) as an F32 matrix, e.g. for activations or tests. */
    public static WeightMatrix ofArray(float[] values, int rows, int cols) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("array of " + values.length + " floats is not (" + rows + ", " + cols + ")");
        }
        return new WeightMatrix(MemorySegment.ofArray(values), DType.F32, rows, cols);
    }

    public float get(int r, int c) {
        long i = (long) r * cols + c;
        return switch (dtype) {
            case F32 -> data.get(F32_LE, i * 4);
            case BF16 -> DType.bf16ToFloat(data.get(I16_LE, i * 2));
            case F16 -> Float.float16ToFloat(data.get(I16_LE, i * 2));
        };
    }

    /** Copies row r, converted to f32, into dst[off .. off + cols). */
    public void row(int r, float[] dst, int off) {
        long base = (long) r * cols;
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, F32_LE, base * 4, dst, off, cols);
            case BF16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[off + c] = DType.bf16ToFloat(data.get(I16_LE, (base + c) * 2));
                }
            }
            case F16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[off + c] = Float.float16ToFloat(data.get(I16_LE, (base + c) * 2));
                }
            }
        }
    }

    /** The whole matrix as a heap f32 array (rows, cols): only for small tensors (norms, biases, tests). */
    public float[] toFloatArray() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            row(r, out, r * cols);
        }
        return out;
    }
}
