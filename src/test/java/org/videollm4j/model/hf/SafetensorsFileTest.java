package org.videollm4j.model.hf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.tensor.DType;
import org.videollm4j.tensor.WeightMatrix;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private String open(Path p) {
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile.open(p, arena);
            return "opened";
        }
    }

    @Test
    void readsF32Bf16AndF16Views() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(0f);
        for (float v : new float[]{1.5f, -2f, 3.25f, 0f}) {
            b.putShort(DType.floatToBf16(v));
        }
        for (float v : new float[]{1.5f, -2f, 3.25f, 0f}) {
            b.putShort(Float.floatToFloat16(v));
        }
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[16,24]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[24,32]}}";
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), header, b.array());
        try (WeightStore w = WeightStore.open(dir)) {
            float[] expected = {1.5f, -2f, 3.25f, 0f};
            assertThat(w.matrix("a", 2, 2, "").toFloatArray()).containsExactly(expected);
            assertThat(w.matrix("b", 2, 2, "").toFloatArray()).containsExactly(expected);
            assertThat(w.vector("c", 4, "")).containsExactly(expected);
            WeightMatrix a = w.matrix("a", 2, 2, "");
            assertThat(a.data().isNative()).as("mapped, not copied").isTrue();
            assertThatThrownBy(() -> w.matrix("a", 4, 1, "hidden_size=4"))
                    .hasMessage("model.safetensors: tensor 'a' has shape [2, 2] but config.json implies [4, 1] (hidden_size=4)");
            assertThatThrownBy(() -> w.vector("zzz", 3, ""))
                    .hasMessage("model.safetensors: tensor 'zzz' is missing (expected shape [3])");
        }
        assertThat(p).exists();
    }

    @Test
    void rejectsHeaderLengthPastEndOfFile() throws IOException {
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), "{}", new byte[0], 1000);
        assertThatThrownBy(() -> open(p)).isInstanceOf(BadInputException.class)
                .hasMessage("model.safetensors: header length 1000 points past the end of the file (10 bytes); "
                        + "the file is truncated or not safetensors");
    }

    @Test
    void rejectsHugeHeaderLengthWithoutAllocating() throws IOException {
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), "{}", new byte[0], Long.MAX_VALUE);
        assertThatThrownBy(() -> open(p)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model.safetensors: header length 9223372036854775807 is out of range");
    }

    @Test
    void rejectsOffsetsOutsideTheData() throws IOException {
        String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[249999],\"data_offsets\":[4,999999]}}";
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), header, new byte[16]);
        assertThatThrownBy(() -> open(p))
                .hasMessage("model.safetensors: tensor 'x' data_offsets [4,999999] point past the end of the data (16 bytes)");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), header, new byte[12]);
        assertThatThrownBy(() -> open(p)).hasMessage("model.safetensors: tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    }

    @Test
    void rejectsSizeThatDoesNotMatchTheShape() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"), header, new byte[8]);
        assertThatThrownBy(() -> open(p))
                .hasMessage("model.safetensors: tensor 'a' has shape [3] F32 (12 bytes) but data_offsets [0,8] span 8 bytes");
    }

    @Test
    void rejectsUnknownDtypeAndMalformedHeader() throws IOException {
        Path p = RawSafetensors.write(dir.resolve("a.safetensors"),
                "{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertThatThrownBy(() -> open(p)).hasMessage("a.safetensors: tensor 'a' has unknown dtype 'Q4'");
        Path q = RawSafetensors.write(dir.resolve("b.safetensors"), "{\"a\": [1, 2", new byte[0]);
        assertThatThrownBy(() -> open(q)).hasMessageStartingWith("b.safetensors: header is not valid JSON");
        Path r = RawSafetensors.write(dir.resolve("c.safetensors"), "{\"a\":{\"dtype\":\"F32\"}}", new byte[0]);
        assertThatThrownBy(() -> open(r)).hasMessageStartingWith("c.safetensors: tensor 'a' needs 'dtype'");
    }

    @Test
    void rejectsTruncatedAndTinyAndMissingFiles() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        Path full = RawSafetensors.write(dir.resolve("model.safetensors"), header, new byte[16]);
        byte[] bytes = Files.readAllBytes(full);
        Files.write(full, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> open(full))
                .hasMessage("model.safetensors: tensor 'a' data_offsets [0,16] point past the end of the data (11 bytes)");
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[]{1, 2, 3});
        assertThatThrownBy(() -> open(tiny)).hasMessageStartingWith("tiny.safetensors: file is 3 bytes, too short");
        assertThatThrownBy(() -> open(dir.resolve("none.safetensors"))).hasMessage("none.safetensors: file not found");
    }

    @Test
    void unsupportedWeightDtypeIsNamedOnUse() throws IOException {
        Path p = RawSafetensors.write(dir.resolve("model.safetensors"),
                "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
        assertThat(p).exists();
        try (WeightStore w = WeightStore.open(dir)) {
            assertThatThrownBy(() -> w.vector("ids", 2, ""))
                    .hasMessage("model.safetensors: tensor 'ids' has dtype I64, supported for weights: F32, F16, BF16");
        }
    }
}
