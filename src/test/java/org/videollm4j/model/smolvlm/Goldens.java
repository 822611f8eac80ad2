package org.videollm4j.model.smolvlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.model.hf.SafetensorsFile;
import org.videollm4j.model.hf.TensorInfo;
import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.WeightMatrix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One golden case of testdata/goldens (see the pyref contract): its JSON fields and F32 tensors. */
record Goldens(Path json, JsonNode meta, Map<String, float[]> tensors, Map<String, long[]> shapes) {
    static final Path ROOT = Path.of("testdata", "goldens");

    static List<Path> cases() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            throw new IllegalStateException("golden folder " + ROOT.toAbsolutePath() + " is missing (made by training/make_reference.py)");
        }
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static Goldens load(Path json) throws IOException {
        JsonNode meta = new ObjectMapper().readTree(json.toFile());
        Path st = Path.of(json.toString().replaceAll("\\.json$", ".safetensors"));
        Map<String, float[]> tensors = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(st, arena);
            for (TensorInfo t : f.tensors().values()) {
                int n = Math.toIntExact(t.elementCount());
                tensors.put(t.name(), new WeightMatrix(f.bytes(t), DType.F32, 1, n).toFloatArray());
                shapes.put(t.name(), t.shape());
            }
        }
        return new Goldens(json, meta, tensors, shapes);
    }

    int[] ints(String field) {
        return Stream.of(meta.get(field)).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                .mapToInt(JsonNode::asInt).toArray();
    }

    /** Relative error of a tensor: max|a - b| / max|b| (b = golden). */
    static double relError(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != golden " + b.length);
        }
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / maxRef;
    }
}
