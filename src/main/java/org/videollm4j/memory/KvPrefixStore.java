package org.videollm4j.memory;

import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerKv;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.MethodRunner;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The KV cache of a query-agnostic video prefix (none, uniform, retake/PivotKV, longvlm) on disk, next to the
 * video memory it was computed from ({@code ID.kvp}). The key is the memory's key, the whole compression
 * configuration and the prefix's token ids, so another method, budget, chunking or prompt never reuses it.
 * Payload: key, layers, kvHeads, headDim, then per layer entries n, keys (n x width floats), values, positions,
 * tags; then the eviction steps (chunk, visual in, kept). Same framing and failure handling as the memories.
 */
public final class KvPrefixStore implements MethodRunner.PrefixStore {
    static final byte[] MAGIC = "VLLM4JKV".getBytes(StandardCharsets.US_ASCII);
    static final String SUFFIX = ".kvp";
    private final MemoryCache cache;
    private final String memoryKey;

    /** In the key: entries written with 3-int eviction steps (before pivots dropped were kept) never match. */
    private static final String STEPS_FORMAT = ".steps4";

    public KvPrefixStore(MemoryCache cache, String memoryKey) {
        this.cache = cache;
        this.memoryKey = memoryKey;
    }

    String key(int[] prefixIds, CompressionConfig config) {
        ByteBuffer ids = ByteBuffer.allocate(prefixIds.length * 4);
        ids.asIntBuffer().put(prefixIds);
        String d = "videollm4j-kv-prefix v" + MemoryKey.FORMAT + STEPS_FORMAT + "\nmemory " + memoryKey + "\nconfig " + config
                + "\nprefix ids " + MemoryKey.sha256(ids.array()) + "\n";
        return MemoryKey.sha256(d.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public MethodRunner.Prefix load(int[] prefixIds, CompressionConfig config, Supplier<KvCache> newCache) {
        if (!cache.enabled()) {
            return null;
        }
        String key = key(prefixIds, config);
        return cache.readEntry(cache.dir().orElseThrow().resolve(key + SUFFIX), bytes -> decode(bytes, key, newCache.get()))
                .orElse(null);
    }

    @Override
    public void save(int[] prefixIds, CompressionConfig config, MethodRunner.Prefix prefix) {
        if (!cache.enabled()) {
            return;
        }
        String key = key(prefixIds, config);
        KvCache kv = prefix.cache();
        cache.writeEntry(cache.dir().orElseThrow().resolve(key + SUFFIX), tmp -> MemoryCodec.writeFramed(tmp, MAGIC, out -> {
            MemoryCodec.writeString(out, key);
            out.writeInt(kv.numLayers());
            out.writeInt(kv.kvHeads());
            out.writeInt(kv.headDim());
            for (int l = 0; l < kv.numLayers(); l++) {
                LayerKv layer = kv.layer(l);
                int n = layer.size(), w = layer.width();
                out.writeInt(n);
                MemoryCodec.writeFloats(out, Arrays.copyOf(layer.keys(), n * w));
                MemoryCodec.writeFloats(out, Arrays.copyOf(layer.values(), n * w));
                for (int i = 0; i < n; i++) {
                    out.writeInt(layer.position(i));
                    out.writeInt(layer.tag(i));
                }
            }
            out.writeInt(prefix.steps().size());
            for (int[] s : prefix.steps()) {
                out.writeInt(s[0]);
                out.writeInt(s[1]);
                out.writeInt(s[2]);
                out.writeInt(s[3]);
            }
        }));
    }

    private static MethodRunner.Prefix decode(byte[] bytes, String key, KvCache kv) throws MemoryCodec.Corrupt {
        ByteBuffer b = MemoryCodec.payload(bytes, MAGIC, "videollm4j KV prefix").order(ByteOrder.BIG_ENDIAN);
        try {
            if (!MemoryCodec.readString(b).equals(key)) {
                throw new MemoryCodec.Corrupt("holds the prefix of another key");
            }
            int layers = b.getInt(), heads = b.getInt(), headDim = b.getInt();
            if (layers != kv.numLayers() || heads != kv.kvHeads() || headDim != kv.headDim()) {
                throw new MemoryCodec.Corrupt("cache geometry " + layers + "x" + heads + "x" + headDim + " is not the model's");
            }
            int w = heads * headDim;
            for (int l = 0; l < layers; l++) {
                int n = b.getInt();
                if (n < 0 || (long) n * (8L * w + 8) > b.remaining()) {
                    throw new MemoryCodec.Corrupt("layer " + l + ": " + n + " entries exceed the file");
                }
                float[] k = new float[n * w]; // (n, kvHeads, headDim)
                float[] v = new float[n * w];
                b.asFloatBuffer().get(k);
                b.position(b.position() + n * w * 4);
                b.asFloatBuffer().get(v);
                b.position(b.position() + n * w * 4);
                int[] pos = new int[n], tags = new int[n];
                for (int i = 0; i < n; i++) {
                    pos[i] = b.getInt();
                    tags[i] = b.getInt();
                }
                kv.append(l, k, v, n, pos, tags);
            }
            int steps = b.getInt();
            if (steps < 0 || steps * 16L != b.remaining()) {
                throw new MemoryCodec.Corrupt("steps count " + steps + " does not match the file");
            }
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                out.add(new int[]{b.getInt(), b.getInt(), b.getInt(), b.getInt()});
            }
            return new MethodRunner.Prefix(kv, out);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new MemoryCodec.Corrupt("inconsistent payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** For tests. */
    Path entry(int[] prefixIds, CompressionConfig config) {
        return cache.dir().orElseThrow().resolve(key(prefixIds, config) + SUFFIX);
    }
}
