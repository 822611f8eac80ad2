package org.videollm4j.memory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Video memories on disk, one file per {@link MemoryKey} ({@code ID.vmem}). Writes go to a temporary file in
 * the same folder ({@code .ID.PID.NANOS.tmp}) that is renamed atomically once complete, so an interrupted run
 * never leaves an entry that loads; temporary files of processes no longer alive are removed when the cache
 * opens. A corrupted entry is deleted and reported (one line), and the caller recomputes. A folder that cannot
 * be written disables the cache with one line; the answer is computed as without a cache.
 */
public final class MemoryCache {
    static final String SUFFIX = ".vmem";
    private final Path dir; // null: disabled
    private final Consumer<String> warn;
    private Runnable beforeRename = () -> { };

    private MemoryCache(Path dir, Consumer<String> warn) {
        this.dir = dir;
        this.warn = warn;
    }

    /** A cache that stores nothing ({@code --no-cache}). */
    public static MemoryCache disabled() {
        return new MemoryCache(null, s -> { });
    }

    /** {@code -Dvideollm4j.cache}, else {@code $XDG_CACHE_HOME/videollm4j}, else {@code ~/.cache/videollm4j}. */
    public static Path defaultDir() {
        String prop = System.getProperty("videollm4j.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("videollm4j");
    }

    /** Opens (creating) a cache folder; when it cannot be written, says so through {@code warn} and disables. */
    public static MemoryCache open(Path dir, Consumer<String> warn) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            warn.accept("videollm4j: cache folder " + dir + " is not writable (" + reason(e) + "); running without the cache");
            return disabled();
        }
        MemoryCache c = new MemoryCache(dir, warn);
        c.removeStaleTemporaries();
        return c;
    }

    public boolean enabled() {
        return dir != null;
    }

    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    Path entry(MemoryKey key) {
        return dir.resolve(key.id() + SUFFIX);
    }

    /** The memory stored under {@code key}, or empty (absent, disabled, or corrupted: then deleted and reported). */
    public Optional<VideoMemory> load(MemoryKey key) {
        if (dir == null) {
            return Optional.empty();
        }
        return readEntry(entry(key), bytes -> {
            VideoMemory m = MemoryCodec.read(bytes);
            if (!m.key().equals(key.id())) {
                throw new MemoryCodec.Corrupt("holds the memory of another key");
            }
            return m;
        });
    }

    /** Stores a memory atomically; a failure is reported (one line) and leaves no entry. */
    public void store(MemoryKey key, VideoMemory m) {
        if (dir != null) {
            writeEntry(entry(key), tmp -> MemoryCodec.write(m, key, tmp));
        }
    }

    /** Decodes an entry's bytes; {@link MemoryCodec.Corrupt} when they cannot be used. */
    interface Decoder<T> {
        T decode(byte[] bytes) throws MemoryCodec.Corrupt;
    }

    /** Writes an entry's content to a new file. */
    interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Reads and decodes one entry; a corrupted one is deleted and reported, an absent one is empty. */
    <T> Optional<T> readEntry(Path f, Decoder<T> decoder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | OutOfMemoryError e) {
            warn.accept("videollm4j: cannot read cache entry " + f + " (" + reason(e) + "); recomputing");
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(bytes));
        } catch (MemoryCodec.Corrupt e) {
            warn.accept("videollm4j: cache entry " + f + " is corrupted (" + e.getMessage() + "); discarded, recomputing");
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the next store replaces it
            }
            return Optional.empty();
        }
    }

    /** Writes {@code target} through a temporary file in the same folder and an atomic rename. */
    void writeEntry(Path target, Writer writer) {
        String name = target.getFileName().toString();
        String id = name.substring(0, name.indexOf('.'));
        Path tmp = dir.resolve("." + id + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            writer.write(tmp);
            beforeRename.run();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            warn.accept("videollm4j: could not write cache entry " + target + " (" + reason(e) + "); the answer is not affected");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // removed by the next run's cleanup
            }
        }
    }

    /** Reports one line through the cache's warning sink. */
    void warn(String line) {
        warn.accept(line);
    }

    /** Test hook: runs between writing the temporary file and renaming it (to simulate an interruption). */
    void beforeRename(Runnable r) {
        this.beforeRename = r;
    }

    /** Removes {@code .*.PID.*.tmp} files whose writing process is gone (a run killed mid-write). */
    void removeStaleTemporaries() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().split("\\.");
                // "", id, pid, nanos, "tmp"
                if (parts.length == 5 && isDeadPid(parts[2])) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // cleanup is best effort; stale temporaries are never read as entries
        }
    }

    private static boolean isDeadPid(String s) {
        try {
            long pid = Long.parseLong(s);
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
