package org.videollm4j.memory;

import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.image.RgbImage;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The on-disk form of a {@link VideoMemory}. A 32-byte header: magic {@code VLLM4JMM}, format version (int),
 * reserved (int), payload length (long), CRC32 of the payload (long); then the payload, big-endian: key id and
 * description (int length + UTF-8), duration (double), frames, tokensPerFrame, hidden (int), timestamps
 * (frames doubles), features (frames*tokensPerFrame*hidden floats), thumbnails (frames x (w, h, w*h*3 bytes)),
 * timings (count, then name + long). A file whose length, magic, version, checksum or counts disagree is
 * {@link Corrupt}; no count is trusted before it is checked against the bytes actually present.
 */
final class MemoryCodec {
    static final byte[] MAGIC = "VLLM4JMM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 32;

    /** The entry cannot be used; the message says why. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message);
        }
    }

    private MemoryCodec() {
    }

    /** Writes the payload of a framed file. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes {@code magic}, version, length and CRC32 around the payload {@code body} writes; forces it to disk. */
    static void writeFramed(Path file, byte[] magic, Body body) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.position(HEADER);
            CRC32 crc = new CRC32();
            CountingStream counting = new CountingStream(Channels.newOutputStream(ch));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(counting, crc), 1 << 16));
            body.write(out);
            out.flush();
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            h.put(magic).putInt(VERSION).putInt(0).putLong(counting.count).putLong(crc.getValue()).flip();
            ch.write(h, 0);
            ch.force(true);
        }
    }

    static void write(VideoMemory m, MemoryKey key, Path file) throws IOException {
        writeFramed(file, MAGIC, out -> {
            writeString(out, key.id());
            writeString(out, key.description());
            VisualFeatures f = m.features();
            out.writeDouble(m.durationS());
            out.writeInt(f.frames());
            out.writeInt(f.tokensPerFrame());
            out.writeInt(f.hidden());
            for (double t : f.timestampsS()) {
                out.writeDouble(t);
            }
            writeFloats(out, f.tokens());
            for (RgbImage im : m.thumbnails()) {
                out.writeInt(im.width());
                out.writeInt(im.height());
                out.write(im.pixels());
            }
            Map<String, Long> t = m.orderedTimings();
            out.writeInt(t.size());
            for (var e : t.entrySet()) {
                writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
        });
    }

    static VideoMemory read(byte[] file) throws Corrupt {
        ByteBuffer b = payload(file, MAGIC, "videollm4j video memory");
        try {
            String id = readString(b);
            readString(b); // description: compared by the cache through the id
            double duration = b.getDouble();
            int frames = b.getInt(), tpf = b.getInt(), hidden = b.getInt();
            long floats = (long) frames * tpf * hidden;
            if (frames < 1 || tpf < 1 || hidden < 1 || floats * 4 + frames * 8L > b.remaining()) {
                throw new Corrupt("counts (" + frames + " frames x " + tpf + " x " + hidden + ") exceed the file");
            }
            double[] ts = new double[frames];
            b.asDoubleBuffer().get(ts);
            b.position(b.position() + frames * 8);
            float[] tokens = new float[(int) floats]; // (frames, tokensPerFrame, hidden)
            b.asFloatBuffer().get(tokens);
            b.position(b.position() + (int) floats * 4);
            List<RgbImage> thumbs = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                int w = b.getInt(), h = b.getInt();
                if (w < 1 || h < 1 || (long) w * h * 3 > b.remaining()) {
                    throw new Corrupt("thumbnail " + i + " of " + w + "x" + h + " exceeds the file");
                }
                byte[] px = new byte[w * h * 3];
                b.get(px);
                thumbs.add(new RgbImage(w, h, px));
            }
            int n = b.getInt();
            if (n < 0 || n > 64) {
                throw new Corrupt("timings count " + n);
            }
            Map<String, Long> timings = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                timings.put(readString(b), b.getLong());
            }
            if (b.hasRemaining()) {
                throw new Corrupt(b.remaining() + " unexpected trailing bytes");
            }
            return new VideoMemory(id, duration, new VisualFeatures(tokens, frames, tpf, hidden, ts), thumbs, timings);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Corrupt("inconsistent payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The payload of a framed file, after checking its length, magic, version and checksum. */
    static ByteBuffer payload(byte[] file, byte[] magic, String what) throws Corrupt {
        if (file.length < HEADER) {
            throw new Corrupt("truncated (" + file.length + " bytes, shorter than the header)");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        byte[] found = new byte[magic.length];
        b.get(found);
        if (!java.util.Arrays.equals(found, magic)) {
            throw new Corrupt("not a " + what + " (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new Corrupt("format version " + version + ", this build reads " + VERSION);
        }
        if (b.getInt() != 0) {
            throw new Corrupt("reserved header field is not zero");
        }
        long length = b.getLong();
        long crc = b.getLong();
        if (length != file.length - HEADER) {
            throw new Corrupt("payload of " + (file.length - HEADER) + " bytes, the header says " + length + " (truncated?)");
        }
        CRC32 c = new CRC32();
        c.update(file, HEADER, file.length - HEADER);
        if (c.getValue() != crc) {
            throw new Corrupt("checksum mismatch");
        }
        return b;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(ByteBuffer b) throws Corrupt {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new Corrupt("string of " + n + " bytes exceeds the file");
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < v.length; ) {
            chunk.clear();
            int n = Math.min(v.length - i, chunk.capacity() / 4);
            chunk.asFloatBuffer().put(v, i, n);
            out.write(chunk.array(), 0, n * 4);
            i += n;
        }
    }

    /** Counts the payload bytes that reach the file. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
