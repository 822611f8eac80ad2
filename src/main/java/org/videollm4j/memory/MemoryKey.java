package org.videollm4j.memory;

import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a video memory depends on, as one SHA-256: the video file's content (hashed in full on every run, so a
 * changed file never reuses a stale memory, whatever its name, size or mtime), the model's identity and the
 * sampling. The description ({@link #describe}) is stored in the entry and compared on load too.
 *
 * <p>Model identity: the content of every {@code *.json} in the folder (config, preprocessor, tokenizer) and,
 * per {@code *.safetensors} file, its name, size, modification time and JSON header (tensor names, shapes,
 * offsets). Hashing gigabytes of weights per run would cost more than the cache saves; a retrained model in
 * place gets a new mtime.
 *
 * @param id          hex SHA-256 of {@link #describe}: the entry's file name
 * @param description the human-readable text hashed
 */
public record MemoryKey(String id, String description) {
    /** Bumped when what a memory holds or how it is computed changes. */
    public static final int FORMAT = 1;

    public static MemoryKey of(Path video, Path modelDir, SampledVideo.Sampling sampling) {
        String d = "videollm4j-memory v" + FORMAT + "\nvideo sha256 " + contentHash(video)
                + "\nmodel " + modelIdentity(modelDir)
                + "\nsampling fps=" + sampling.fps() + " count=" + sampling.count() + " max=" + sampling.maxFrames()
                + "\nthumbnail " + Thumbnails.MAX_SIDE + "\n";
        return new MemoryKey(sha256(d.getBytes(StandardCharsets.UTF_8)), d);
    }

    /** The video content hash this key was made from. */
    public String videoHash() {
        String tag = "video sha256 ";
        int at = description.indexOf(tag);
        return at < 0 ? "" : description.substring(at + tag.length(), description.indexOf('\n', at));
    }

    /** Hex SHA-256 of a file's content, streamed. */
    public static String contentHash(Path file) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw BadInputException.file(file, "file not found");
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String modelIdentity(Path dir) {
        MessageDigest md = digest();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw BadInputException.file(dir, "cannot list the model folder (" + e.getMessage() + ")", e);
        }
        files.sort(null);
        try {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    md.update(("json " + name + "\n").getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(f));
                } else if (name.endsWith(".safetensors")) {
                    md.update(("weights " + name + " " + Files.size(f) + " "
                            + Files.getLastModifiedTime(f).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                    md.update(safetensorsHeader(f));
                }
            }
        } catch (IOException e) {
            throw BadInputException.file(dir, "cannot read the model folder (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The 8-byte length and the JSON header of a safetensors file (bounded by the file's size). */
    private static byte[] safetensorsHeader(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            len.flip();
            if (len.remaining() < 8) {
                return new byte[0];
            }
            long n = len.getLong();
            if (n < 0 || n > Math.min(ch.size() - 8, 100L << 20)) {
                return new byte[0]; // not ours to judge here; loading the model reports it
            }
            ByteBuffer h = ByteBuffer.allocate((int) n);
            ch.read(h, 8);
            return h.array();
        }
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(digest().digest(b));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
