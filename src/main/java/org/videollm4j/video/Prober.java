package org.videollm4j.video;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Reads a video's metadata. Headers lie (an AVI claiming 444 frames that holds 68, a Matroska file
 * claiming 3.6 s for 5.9 s of frames), so by default the frame count and duration come from
 * demuxing every packet of the video stream — no decoding, so it costs a read of the file (about
 * 0.1 s for a 180 s 480p video). Files above {@link #COUNT_LIMIT_BYTES} are not counted unless asked:
 * their figures are the header's, marked {@code framesExact = false}.
 */
public final class Prober {
    /** Files up to this size are counted by default. */
    public static final long COUNT_LIMIT_BYTES = 2L << 30;
    /** Default stall bound: an FFmpeg read making no progress this long fails instead of hanging. */
    public static final double DEFAULT_STALL_S = 20;

    private Prober() {
    }

    /** Probes FILE, counting frames when the file is at most {@link #COUNT_LIMIT_BYTES}. */
    public static VideoProbe probe(Path file) {
        long size;
        try {
            size = Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            size = 0;
        }
        return probe(file, size <= COUNT_LIMIT_BYTES);
    }

    /** Probes FILE; countFrames demuxes the whole video stream to count its frames exactly. */
    public static VideoProbe probe(Path file, boolean countFrames) {
        try (MediaFile mf = MediaFile.open(file, DEFAULT_STALL_S)) {
            var stream = mf.stream;
            double fps = rate(stream.avg_frame_rate());
            if (fps <= 0) {
                fps = rate(stream.r_frame_rate());
            }
            if (fps <= 0 || fps > 1000) {
                fps = 25; // no usable rate: FFmpeg's own fallback when a stream states none
            }
            long headerFrames = stream.nb_frames() > 0 ? stream.nb_frames() : -1;
            double headerDuration = stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0
                    ? mf.seconds(stream.duration())
                    : (mf.fmt.duration() != AV_NOPTS_VALUE && mf.fmt.duration() > 0 ? mf.fmt.duration() / 1e6 : 0);
            long frames;
            double duration;
            boolean exact = false;
            if (countFrames) {
                long[] counted = countPackets(mf);
                frames = counted[0];
                duration = counted[0] == 0 ? 0 : mf.seconds(counted[2] - counted[1]);
                if (counted[0] > 0 && duration <= 0) {
                    duration = counted[0] / fps; // no timestamps at all: assume the constant rate
                }
                exact = true;
                if (frames == 0) {
                    throw BadInputException.file(file, "the video stream holds no frames");
                }
            } else {
                duration = headerDuration;
                frames = headerFrames > 0 ? headerFrames : Math.round(headerDuration * fps);
            }
            String codec = avcodec_get_name(mf.par.codec_id()).getString();
            return new VideoProbe(file, duration, fps, frames, exact, headerFrames,
                    mf.par.width(), mf.par.height(), rotation(mf), codec, mf.containerName());
        }
    }

    /** {count, first pts, end of last frame (pts + duration)} of the video stream's packets. */
    private static long[] countPackets(MediaFile mf) {
        AVPacket pkt = av_packet_alloc();
        long count = 0;
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long lastDuration = 0;
        try {
            mf.extendDeadline();
            while (true) {
                int rc = av_read_frame(mf.fmt, pkt);
                if (rc < 0) {
                    if (mf.timedOut()) {
                        throw BadInputException.file(mf.file, "timed out after " + mf.stallSeconds()
                                + " s without progress while counting frames");
                    }
                    break; // end of file, or damage past which nothing more can be read
                }
                if (pkt.stream_index() == mf.streamIndex) {
                    count++;
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    if (ts != AV_NOPTS_VALUE) {
                        first = Math.min(first, ts);
                        long d = pkt.duration() > 0 ? pkt.duration() : lastDuration;
                        lastDuration = d;
                        end = Math.max(end, ts + d);
                    }
                    if ((count & 1023) == 0) {
                        mf.extendDeadline();
                    }
                }
                av_packet_unref(pkt);
            }
        } finally {
            av_packet_free(pkt);
        }
        if (first == Long.MAX_VALUE) {
            return new long[]{count, 0, 0};
        }
        // time 0 is the stream's start; the first packet normally starts there
        long start = Math.min(first, mf.startTs());
        return new long[]{count, start, end};
    }

    private static double rate(AVRational r) {
        return r.den() == 0 || r.num() <= 0 ? 0 : (double) r.num() / r.den();
    }

    /** Clockwise rotation from the stream's display matrix (FFmpeg reports it counter-clockwise). */
    private static int rotation(MediaFile mf) {
        AVPacketSideData sd = av_packet_side_data_get(mf.par.coded_side_data(), mf.par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) {
            return 0;
        }
        double ccw = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(ccw)) {
            return 0;
        }
        int cw = (int) Math.round(-ccw);
        return Math.floorMod(Math.round(cw / 90.0f) * 90, 360);
    }
}
