package org.videollm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.model.hf.SafetensorsFile;
import org.videollm4j.model.hf.TensorInfo;
import org.videollm4j.prompt.SmolVlmProcessor;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** make-data shards read back with the project's safetensors reader hold exactly what the encoder made. */
class ShardRoundTripTest {
    static final Path MODEL = Path.of("models/demo");

    @TempDir
    Path tmp;

    @Test
    void shardsHoldTheEncodedSamplesAndProcessedFrames() throws Exception {
        DataMaker maker = new DataMaker(MODEL);
        // 3 samples of 4 frames, the third through MP4 encode + decode, 2 samples per shard -> 2 shards
        int shards = maker.make(new DataMaker.Options(MODEL, tmp, 7, 3, 4, 2, true, 3, 2, false), i -> { });
        assertThat(shards).isEqualTo(2);
        SmolVlmProcessor proc = SmolVlmProcessor.load(MODEL);
        int m = proc.imageProcessor().size();
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(tmp.resolve("shard-00000.safetensors"), arena);
            long[] tokOff = longs(f, "token_offsets");
            long[] frameOff = longs(f, "frame_offsets");
            assertThat(frameOff).containsExactly(0, 4, 8);
            for (int s = 0; s < 2; s++) {
                long seed = WorldSample.worldSeed(7, s);
                WorldSample w = WorldSample.of(seed, 4, 4);
                Conversation c = Conversation.of(w.world(), w.questions(), w.times(), 2, true,
                        new SplittableRandom(seed * 31 + 7));
                SampleEncoder.Encoded e = maker.encoder().encode(c, w.times(), 4);
                int[] ids = ints(f, "input_ids", tokOff[s], tokOff[s + 1]);
                assertThat(ids).containsExactly(e.ids());
                byte[] mask = bytes(f, "loss_mask", tokOff[s], tokOff[s + 1]);
                assertThat(mask).containsExactly(e.lossMask());
                byte[] frames = bytes(f, "frames", frameOff[s] * m * m * 3, frameOff[s + 1] * m * m * 3);
                byte[] expected = DataMaker.toBytes(proc.imageProcessor().processFrames(DataMaker.rendered(w)));
                assertThat(frames).containsExactly(expected);
            }
            assertThat(f.tensors().get("frames").shape()).containsExactly(8L, m, m, 3L);
            SafetensorsFile g = SafetensorsFile.open(tmp.resolve("shard-00001.safetensors"), arena);
            assertThat(bytes(g, "real", 0, 1)).containsExactly(1);
            assertThat(longs(g, "seeds")).containsExactly(WorldSample.worldSeed(7, 2));
        }
        assertThat(Files.list(tmp).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
    }

    @Test
    void renderedAndDecodedFramesAgreeClosely() throws Exception {
        // train/inference mismatch: the processed (32 px) frames of the real path vs direct rendering
        SmolVlmProcessor proc = SmolVlmProcessor.load(MODEL);
        WorldSample w = WorldSample.of(WorldSample.worldSeed(5, 0), 8, 4);
        byte[] a = DataMaker.toBytes(proc.imageProcessor().processFrames(DataMaker.rendered(w)));
        byte[] b = DataMaker.toBytes(proc.imageProcessor().processFrames(DataMaker.decoded(w.seed(), 8)));
        assertThat(b.length).isEqualTo(a.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        double mean = sum / a.length;
        System.out.printf("rendered vs decoded frames: mean |diff| %.2f / 255%n", mean);
        assertThat(mean).isLessThan(4.0); // H.264 at crf 18 then downscaling: a few levels at most
    }

    static long[] longs(SafetensorsFile f, String name) {
        TensorInfo t = f.tensors().get(name);
        var seg = f.bytes(t);
        long[] out = new long[(int) (seg.byteSize() / 8)];
        for (int i = 0; i < out.length; i++) {
            out[i] = seg.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        return out;
    }

    static int[] ints(SafetensorsFile f, String name, long from, long to) {
        var seg = f.bytes(f.tensors().get(name));
        int[] out = new int[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = seg.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
        }
        return out;
    }

    private static byte[] bytes(SafetensorsFile f, String name, long from, long to) {
        var seg = f.bytes(f.tensors().get(name));
        byte[] out = new byte[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = seg.get(ValueLayout.JAVA_BYTE, from + i);
        }
        return out;
    }

}
