package org.videollm4j.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.Pointer;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * An opened container (FFmpeg demuxer) and its best video stream, with the checks every caller needs:
 * the file exists and is readable, FFmpeg recognises it, it has a video stream of sane dimensions.
 * Every blocking FFmpeg call is bounded by a deadline through the demuxer's interrupt callback, so a
 * damaged or hostile file cannot hang the caller; {@link #extendDeadline()} pushes it forward on progress.
 */
final class MediaFile implements AutoCloseable {
    /** Largest width or height decoded: beyond this a header is lying or the file is not for us. */
    static final int MAX_SIDE = 16384;

    final Path file;
    final AVFormatContext fmt;
    final AVStream stream;
    final int streamIndex;
    final AVCodecParameters par;
    private final Watchdog watchdog;
    private final AVIOInterruptCB.Callback_Pointer interrupt;
    private boolean closed;

    private MediaFile(Path file, AVFormatContext fmt, AVIOInterruptCB.Callback_Pointer interrupt, Watchdog watchdog) {
        this.file = file;
        this.fmt = fmt;
        this.interrupt = interrupt;
        this.watchdog = watchdog;
        watchdog.extend();
        try {
            String demuxer = fmt.iformat().name().getString();
            if (demuxer.equals("image2") || demuxer.endsWith("_pipe")) {
                throw BadInputException.file(file, "a still image (" + demuxer.replace("_pipe", "")
                        + "), not a video");
            }
            if (avformat_find_stream_info(fmt, (org.bytedeco.javacpp.PointerPointer<?>) null) < 0 && timedOut()) {
                throw BadInputException.file(file, "timed out reading the stream headers");
            }
            int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (idx < 0) {
                throw BadInputException.file(file, "no video stream (container " + fmt.iformat().name().getString() + ")");
            }
            this.streamIndex = idx;
            this.stream = fmt.streams(idx);
            this.par = stream.codecpar();
            int w = par.width(), h = par.height();
            if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
                throw BadInputException.file(file, "video stream claims dimensions " + w + "x" + h
                        + " (must be between 1x1 and " + MAX_SIDE + "x" + MAX_SIDE + ")");
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Opens FILE; a stall of more than stallSeconds in any FFmpeg read is an error, never a hang. */
    static MediaFile open(Path file, double stallSeconds) {
        Ffmpeg.init();
        if (!Files.exists(file)) {
            throw BadInputException.file(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw BadInputException.file(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw BadInputException.file(file, "not readable (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw BadInputException.file(file, "empty file, not a video");
            }
        } catch (java.io.IOException e) {
            throw BadInputException.file(file, "cannot read: " + e.getMessage(), e);
        }
        Watchdog wd = new Watchdog((long) (stallSeconds * 1e9));
        AVFormatContext fmt = avformat_alloc_context();
        AVIOInterruptCB.Callback_Pointer cb = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                return wd.expired() ? 1 : 0;
            }
        };
        fmt.interrupt_callback().callback(cb);
        int rc = avformat_open_input(fmt, file.toString(), null, null);
        if (rc < 0) {
            // avformat_open_input frees fmt on failure
            cb.close();
            String why = rc == AVERROR_INVALIDDATA()
                    ? "not a video FFmpeg recognises (unknown or damaged container)"
                    : "cannot open as a video: unknown, damaged or unsupported container (FFmpeg: "
                    + Ffmpeg.error(rc) + ")";
            if (wd.expired()) {
                why = "timed out opening the container";
            }
            throw BadInputException.file(file, why);
        }
        return new MediaFile(file, fmt, cb, wd);
    }

    /** Progress was made: the stall deadline starts again from now. */
    void extendDeadline() {
        watchdog.extend();
    }

    boolean timedOut() {
        return watchdog.expired();
    }

    double stallSeconds() {
        return watchdog.stallNanos / 1e9;
    }

    /** The deadline the interrupt callback checks; FFmpeg calls it from the thread doing the read. */
    private static final class Watchdog {
        final long stallNanos;
        private volatile long deadline;

        Watchdog(long stallNanos) {
            this.stallNanos = stallNanos;
            extend();
        }

        void extend() {
            deadline = System.nanoTime() + stallNanos;
        }

        boolean expired() {
            return System.nanoTime() > deadline;
        }
    }

    AVRational timeBase() {
        return stream.time_base();
    }

    double seconds(long ts) {
        return ts * av_q2d(stream.time_base());
    }

    /** Start of the stream in its time base: time 0 of every timestamp this package reports. */
    long startTs() {
        long s = stream.start_time();
        return s == AV_NOPTS_VALUE ? 0 : s;
    }

    String containerName() {
        return fmt.iformat().name().getString();
    }

    private void closeQuietly() {
        if (!closed) {
            closed = true;
            avformat_close_input(fmt);
            interrupt.close();
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
