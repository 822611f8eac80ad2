package org.videollm4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal safetensors writer (U8, I32, I64 tensors plus string metadata), for training shards. Layout per the
 * safetensors spec: 8-byte little-endian header length, JSON header (padded with spaces to 8 bytes), data.
 * Written to a temporary file and moved into place, so a reader never sees half a shard.
 */
public final class SafetensorsWriter {
    private record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter u8(String name, byte[] data, long... shape) {
        return add(name, "U8", shape, data, 1);
    }

    public SafetensorsWriter i32(String name, int[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return add(name, "I32", shape, b.array(), 4);
    }

    public SafetensorsWriter i64(String name, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return add(name, "I64", shape, b.array(), 8);
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    private SafetensorsWriter add(String name, String dtype, long[] shape, byte[] data, int width) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n * width != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + n + " elements but " + data.length / width + " given");
        }
        entries.add(new Entry(name, dtype, shape.clone(), data));
        return this;
    }

    public void write(Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Entry e : entries) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype);
            t.put("shape", e.shape);
            t.put("data_offsets", new long[]{offset, offset + e.data.length});
            header.put(e.name, t);
            offset += e.data.length;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        java.util.Arrays.fill(head, (byte) ' ');
        System.arraycopy(json, 0, head, 0, json.length);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(head);
                for (Entry e : entries) {
                    out.write(e.data);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
