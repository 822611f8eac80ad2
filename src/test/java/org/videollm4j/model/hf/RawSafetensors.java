package org.videollm4j.model.hf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes safetensors files byte by byte, including deliberately broken ones. */
final class RawSafetensors {
    private RawSafetensors() {
    }

    /** Writes [u64 headerLength][header][data]; headerLength is the real one unless lengthOverride >= 0. */
    static Path write(Path file, String header, byte[] data, long lengthOverride) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lengthOverride >= 0 ? lengthOverride : h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    static Path write(Path file, String header, byte[] data) throws IOException {
        return write(file, header, data, -1);
    }

    /** Little-endian f32 bytes of values. */
    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
