package org.videollm4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory-mapped safetensors file (format: u64 little-endian header length N, N bytes of JSON
 * header, then the data area; see huggingface/safetensors README "Format"). The header is fully
 * validated before any tensor is handed out, and nothing is allocated on the header's word before
 * its length has been checked against the file size.
 */
public final class SafetensorsFile {
    /** Upper bound on the JSON header, as the reference implementation caps it (100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path path;
    private final MemorySegment data; // (dataBytes) the data area after the header, mapped
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path path, MemorySegment data, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.data = data;
        this.tensors = tensors;
    }

    /** Maps {@code path} read-only into {@code arena} and validates its header. */
    public static SafetensorsFile open(Path path, Arena arena) {
        MemorySegment whole;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "file is " + size + " bytes, too short for a safetensors header (8-byte length)");
            }
            whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw bad(path, "file not found");
        } catch (IOException e) {
            throw bad(path, "cannot read: " + e.getMessage(), e);
        }
        long fileSize = whole.byteSize();
        long headerLen = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
            throw bad(path, "header length " + Long.toUnsignedString(headerLen)
                    + " is out of range (2 .. " + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
        }
        if (8 + headerLen > fileSize) {
            throw bad(path, "header length " + headerLen + " points past the end of the file ("
                    + fileSize + " bytes); the file is truncated or not safetensors");
        }
        byte[] headerBytes = whole.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        MemorySegment data = whole.asSlice(8 + headerLen);
        Map<String, TensorInfo> tensors = parseHeader(path, new String(headerBytes, StandardCharsets.UTF_8), data.byteSize());
        return new SafetensorsFile(path, data, tensors);
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataBytes) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw bad(path, "header is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw bad(path, "header is not a JSON object");
        }
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            out.put(e.getKey(), parseEntry(path, e.getKey(), e.getValue(), dataBytes));
        }
        checkNoOverlap(path, out.values());
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode node, long dataBytes) {
        String where = "tensor '" + name + "'";
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw bad(path, where + " needs 'dtype' (string), 'shape' (array) and 'data_offsets' ([begin, end])");
        }
        String dtype = node.get("dtype").asText();
        int elemBytes = SafetensorsDtypes.byteSize(dtype);
        if (elemBytes < 0) {
            throw bad(path, where + " has unknown dtype '" + dtype + "'");
        }
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(path, where + " has an invalid shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        JsonNode offs = node.get("data_offsets");
        if (!offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber()
                || !offs.get(0).canConvertToLong() || !offs.get(1).canConvertToLong()) {
            throw bad(path, where + " has invalid data_offsets " + offs);
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw bad(path, where + " has invalid data_offsets " + offs);
        }
        if (end > dataBytes) {
            throw bad(path, where + " data_offsets " + offs + " point past the end of the data (" + dataBytes + " bytes)");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), elemBytes);
        } catch (ArithmeticException e) {
            throw bad(path, where + " shape " + info.shapeString() + " overflows");
        }
        if (expected != info.byteSize()) {
            throw bad(path, where + " has shape " + info.shapeString() + " " + dtype + " (" + expected
                    + " bytes) but data_offsets " + offs + " span " + info.byteSize() + " bytes");
        }
        return info;
    }

    private static void checkNoOverlap(Path path, Iterable<TensorInfo> infos) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1);
            TensorInfo b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw bad(path, "tensors '" + a.name() + "' [" + a.begin() + ", " + a.end() + ") and '" + b.name()
                        + "' [" + b.begin() + ", " + b.end() + ") overlap");
            }
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The mapped bytes of one tensor (a slice of the file mapping, no copy). */
    public MemorySegment bytes(TensorInfo info) {
        return data.asSlice(info.begin(), info.byteSize());
    }

    static BadInputException bad(Path path, String problem) {
        return BadInputException.file(path.getFileName() == null ? path : path.getFileName(), problem);
    }

    static BadInputException bad(Path path, String problem, Throwable cause) {
        return BadInputException.file(path.getFileName() == null ? path : path.getFileName(), problem, cause);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
