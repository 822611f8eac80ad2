package org.videollm4j.model.hf;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header: its name, stored dtype name (as written in the file),
 * shape, and byte range [begin, end) relative to the start of the data area.
 */
public record TensorInfo(String name, String dtypeName, long[] shape, long begin, long end) {
    public long byteSize() {
        return end - begin;
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
