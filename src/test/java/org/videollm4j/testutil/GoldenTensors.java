package org.videollm4j.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-only reader for the F32 tensors of a golden .safetensors file (small files, read whole). */
public final class GoldenTensors {
    private final JsonNode header;
    private final ByteBuffer data;

    private GoldenTensors(JsonNode header, ByteBuffer data) {
        this.header = header;
        this.data = data;
    }

    public static GoldenTensors read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        JsonNode h = new ObjectMapper().readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        ByteBuffer d = ByteBuffer.wrap(all, 8 + (int) n, all.length - 8 - (int) n).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new GoldenTensors(h, d);
    }

    public int[] shape(String name) {
        JsonNode s = entry(name).get("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).intValue();
        }
        return out;
    }

    public float[] f32(String name) {
        JsonNode e = entry(name);
        if (!"F32".equals(e.get("dtype").textValue())) {
            throw new IllegalArgumentException(name + " is " + e.get("dtype") + ", not F32");
        }
        int from = e.get("data_offsets").get(0).intValue();
        int to = e.get("data_offsets").get(1).intValue();
        float[] out = new float[(to - from) / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getFloat(from + 4 * i);
        }
        return out;
    }

    private JsonNode entry(String name) {
        JsonNode e = header.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return e;
    }
}
