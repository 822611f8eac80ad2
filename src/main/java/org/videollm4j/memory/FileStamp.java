package org.videollm4j.memory;

import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says about a file without reading it: size, modification time, status-change time
 * (ctime: set by the kernel on every write or rename, and not settable by programs as mtime is) and identity
 * (device and inode: a file replaced by a rename is another file). Cheap (one stat) where re-hashing a video
 * reads it all; the content hash says what the file held, the stamp whether it was touched since.
 *
 * <p>The kernel stamps times with a coarse clock (a scheduler tick, 1-10 ms), so two same-size writes within
 * one tick can leave equal stamps: {@link #recent} tells when a file was written too lately to trust them.
 *
 * @param ctimeNs 0 where the file system has no ctime
 * @param fileKey null where the file system has none
 */
record FileStamp(long size, long mtimeNs, long ctimeNs, Object fileKey) {
    /** Writes closer to now than this may share a stamp with the write before them. */
    static final long RECENT_NS = 2_000_000_000L;

    static FileStamp of(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            long ctime = 0;
            try {
                ctime = ((FileTime) Files.getAttribute(f, "unix:ctime")).to(TimeUnit.NANOSECONDS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // no unix view (another platform): size, mtime and identity still tell most changes
            }
            return new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), ctime, a.fileKey());
        } catch (NoSuchFileException e) {
            throw BadInputException.file(f, "file not found");
        } catch (IOException e) {
            throw BadInputException.file(f, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Whether the file was modified or changed within {@link #RECENT_NS} of {@code nowNs} (epoch nanoseconds). */
    boolean recent(long nowNs) {
        return nowNs - Math.max(mtimeNs, ctimeNs) < RECENT_NS;
    }

    static long nowNs() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
