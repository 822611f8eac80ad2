package org.videollm4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.WeightMatrix;
import org.videollm4j.util.BadInputException;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All tensors of a Hugging Face snapshot folder: either one {@code model.safetensors} or the shards
 * listed by {@code model.safetensors.index.json} ("weight_map": tensor name -> shard file). Files are
 * memory-mapped into one shared arena that {@link #close()} releases; tensors are handed out as
 * {@link WeightMatrix} views of the mapping, and only small vectors are copied onto the heap.
 */
public final class WeightStore implements AutoCloseable {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Arena arena;
    private final Map<String, SafetensorsFile> fileOf; // tensor name -> file holding it

    private WeightStore(Arena arena, Map<String, SafetensorsFile> fileOf) {
        this.arena = arena;
        this.fileOf = fileOf;
    }

    /** Opens the weights of a snapshot folder (index first if present, else the single file). */
    public static WeightStore open(Path dir) {
        Path index = dir.resolve(INDEX);
        Arena arena = Arena.ofShared();
        try {
            if (Files.exists(index)) {
                return new WeightStore(arena, openSharded(dir, index, arena));
            }
            Path single = dir.resolve(SINGLE);
            if (!Files.exists(single)) {
                throw BadInputException.file(dir, "no " + SINGLE + " or " + INDEX + " in the model folder");
            }
            SafetensorsFile f = SafetensorsFile.open(single, arena);
            Map<String, SafetensorsFile> map = new LinkedHashMap<>();
            f.tensors().keySet().forEach(n -> map.put(n, f));
            return new WeightStore(arena, map);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Map<String, SafetensorsFile> openSharded(Path dir, Path index, Arena arena) {
        JsonNode root = Json.readObject(index);
        JsonNode wm = root.path("weight_map");
        if (!wm.isObject()) {
            throw BadInputException.file(index.getFileName(), "has no \"weight_map\" object");
        }
        Map<String, SafetensorsFile> shards = new HashMap<>();
        Map<String, SafetensorsFile> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = wm.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            Path shardPath = dir.resolve(shard).normalize();
            // a shard must be a plain file name inside the model folder (no "../", no sub-folders)
            boolean inside = shardPath.toAbsolutePath().getParent().equals(dir.toAbsolutePath().normalize());
            if (shard.isEmpty() || !e.getValue().isTextual() || !inside) {
                throw BadInputException.file(index.getFileName(), "weight_map entry '" + e.getKey()
                        + "' names an invalid shard " + e.getValue());
            }
            SafetensorsFile f = shards.computeIfAbsent(shard, s -> SafetensorsFile.open(shardPath, arena));
            if (!f.tensors().containsKey(e.getKey())) {
                throw BadInputException.file(shardPath.getFileName(), "tensor '" + e.getKey()
                        + "' is listed in " + INDEX + " but missing from this shard");
            }
            map.put(e.getKey(), f);
        }
        return map;
    }

    public boolean contains(String name) {
        return fileOf.containsKey(name);
    }

    public Iterable<String> names() {
        return fileOf.keySet();
    }

    public TensorInfo info(String name) {
        SafetensorsFile f = fileOf.get(name);
        return f == null ? null : f.tensors().get(name);
    }

    /** The file a tensor lives in, or the default file name for a missing tensor (for messages). */
    public String fileName(String name) {
        SafetensorsFile f = fileOf.get(name);
        if (f != null) {
            return f.path().getFileName().toString();
        }
        return fileOf.isEmpty() ? SINGLE : fileOf.values().iterator().next().path().getFileName().toString();
    }

    /**
     * A (rows, cols) view of a tensor whose shape must be exactly {@code expectedShape}; trailing
     * dimensions are folded into cols (e.g. a conv weight [V, 3, p, p] is viewed as (V, 3·p·p)).
     * {@code why} explains the expected shape in terms of config.json values, for the error message.
     */
    public WeightMatrix matrix(String name, long[] expectedShape, String why) {
        TensorInfo t = require(name, expectedShape, why);
        long cols = 1;
        for (int i = 1; i < expectedShape.length; i++) {
            cols *= expectedShape[i];
        }
        if (cols > Integer.MAX_VALUE) {
            throw new BadInputException(fileName(name) + ": tensor '" + name + "' row of " + cols + " elements is too long");
        }
        return new WeightMatrix(fileOf.get(name).bytes(t), dtypeOf(t), (int) expectedShape[0], (int) cols);
    }

    public WeightMatrix matrix(String name, int rows, int cols, String why) {
        return matrix(name, new long[]{rows, cols}, why);
    }

    /** A 1-D tensor of {@code length} elements copied to f32 (norm weights, biases). */
    public float[] vector(String name, int length, String why) {
        TensorInfo t = require(name, new long[]{length}, why);
        return new WeightMatrix(fileOf.get(name).bytes(t), dtypeOf(t), 1, length).toFloatArray();
    }

    private TensorInfo require(String name, long[] expectedShape, String why) {
        TensorInfo t = info(name);
        if (t == null) {
            throw new BadInputException(fileName(name) + ": tensor '" + name + "' is missing (expected shape "
                    + Arrays.toString(expectedShape) + ")");
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new BadInputException(fileName(name) + ": tensor '" + name + "' has shape " + t.shapeString()
                    + " but config.json implies " + Arrays.toString(expectedShape) + " (" + why + ")");
        }
        for (long d : expectedShape) {
            if (d <= 0 || d > Integer.MAX_VALUE) {
                throw new BadInputException(fileName(name) + ": tensor '" + name + "' has unusable shape " + t.shapeString());
            }
        }
        return t;
    }

    private DType dtypeOf(TensorInfo t) {
        DType d = DType.fromSafetensors(t.dtypeName());
        if (d == null) {
            throw new BadInputException(fileName(t.name()) + ": tensor '" + t.name() + "' has dtype " + t.dtypeName()
                    + ", supported for weights: F32, F16, BF16");
        }
        return d;
    }

    @Override
    public void close() {
        arena.close();
    }
}
