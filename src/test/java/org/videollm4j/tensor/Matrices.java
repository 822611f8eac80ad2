package org.videollm4j.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** Test helpers: random matrices stored as F32/BF16/F16 on the heap, in native memory or in a mapped file. */
final class Matrices {
    enum Storage { HEAP, NATIVE, MAPPED }

    private Matrices() {
    }

    static float[] gaussian(Random rnd, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** Little-endian bytes of values in dtype (rounded for BF16/F16). */
    static byte[] encode(float[] values, DType dtype) {
        MemorySegment seg = MemorySegment.ofArray(new byte[values.length * dtype.bytes()]);
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case F32 -> seg.set(WeightMatrix.F32_LE, 4L * i, values[i]);
                case BF16 -> seg.set(WeightMatrix.I16_LE, 2L * i, DType.floatToBf16(values[i]));
                case F16 -> seg.set(WeightMatrix.I16_LE, 2L * i, Float.floatToFloat16(values[i]));
            }
        }
        return (byte[]) seg.heapBase().orElseThrow();
    }

    static WeightMatrix store(float[] values, DType dtype, int rows, int cols, Storage storage, Arena arena,
                              Path dir) throws IOException {
        byte[] bytes = encode(values, dtype);
        MemorySegment seg = switch (storage) {
            case HEAP -> MemorySegment.ofArray(bytes);
            case NATIVE -> arena.allocate(bytes.length, 64).copyFrom(MemorySegment.ofArray(bytes));
            case MAPPED -> {
                // An odd leading pad makes the slice unaligned, as tensors in a safetensors file can be.
                Path file = Files.createTempFile(dir, "w", ".bin");
                byte[] padded = new byte[bytes.length + 3];
                System.arraycopy(bytes, 0, padded, 3, bytes.length);
                Files.write(file, padded);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    yield ch.map(FileChannel.MapMode.READ_ONLY, 0, padded.length, arena).asSlice(3);
                }
            }
        };
        return new WeightMatrix(seg, dtype, rows, cols);
    }

    /** Asserts |got - want| <= tol * |a_i| * |w_j| for every element (the scale of a dot product). */
    static void assertClose(float[] got, float[] want, float[] a, int m, float[] wDense, int n, int k, double tol,
                            String what) {
        double[] an = rowNorms(a, m, k);
        double[] wn = rowNorms(wDense, n, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double err = Math.abs(got[i * n + j] - want[i * n + j]);
                double bound = tol * an[i] * wn[j] + 1e-30;
                if (!(err <= bound)) {
                    throw new AssertionError(what + ": c[" + i + "][" + j + "] = " + got[i * n + j] + ", reference "
                            + want[i * n + j] + " (error " + err + " > " + bound + ")");
                }
            }
        }
    }

    static double[] rowNorms(float[] x, int rows, int cols) {
        double[] r = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int p = 0; p < cols; p++) {
                s += (double) x[i * cols + p] * x[i * cols + p];
            }
            r[i] = Math.sqrt(s);
        }
        return r;
    }
}
