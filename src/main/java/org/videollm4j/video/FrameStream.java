package org.videollm4j.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Decodes the frames a {@link SamplingPlan} asks for, one at a time: for each target time t, the frame
 * shown at t (the last frame whose presentation time is at most t; the first frame for a t before it),
 * with its real presentation time. Memory stays bounded by two decoded frames and one RGB image
 * whatever the video's length.
 * <p>
 * Between targets the stream either decodes on (dense plans: frames nobody asked for are decoded but never
 * converted) or seeks to the keyframe before the next target (sparse plans), chosen per target: it seeks
 * when the next target lies more than {@link Options#seekGapS} seconds, or 1.5 keyframe intervals, ahead.
 * <p>
 * Frames come out upright: a stream whose display matrix says "rotate by 90 degrees" (phone videos) is
 * turned as {@link VideoProbe#rotation()} says, like the ffmpeg command line's default autorotation; a
 * requested size is the size after turning.
 * <p>
 * Damaged packets are skipped and counted ({@link #damagedPackets()}); targets past the last decodable
 * frame are skipped and counted ({@link #skippedTargets()}). A read or decode making no progress for
 * {@link Options#stallS} seconds fails with a {@link BadInputException} instead of hanging.
 */
public final class FrameStream implements Iterable<DecodedFrame>, Iterator<DecodedFrame>, AutoCloseable {
    public enum Mode { AUTO, SEQUENTIAL, SEEK }

    /** @param size output size, or empty for the native size */
    public record Options(Optional<Size> size, Mode mode, double stallS, double seekGapS) {
        public Options {
            if (!(stallS > 0)) {
                throw new IllegalArgumentException("stall timeout must be positive, got " + stallS);
            }
            if (!(seekGapS >= 0)) {
                throw new IllegalArgumentException("seek gap must be >= 0, got " + seekGapS);
            }
        }

        public static Options defaults(Optional<Size> size) {
            return new Options(size, Mode.AUTO, Prober.DEFAULT_STALL_S, 2.0);
        }
    }

    private static final int EAGAIN = -11; // AVERROR(EAGAIN) on Linux

    private final MediaFile mf;
    private final VideoProbe probe;
    private final SamplingPlan plan;
    private final Options opts;
    private final double[] targets;
    private final AVCodecContext ctx;
    private final AVPacket pkt = av_packet_alloc();
    private AVFrame held = av_frame_alloc();  // latest frame at or before the current target
    private AVFrame look = av_frame_alloc();  // the frame after it, once decoded
    private boolean heldValid, lookValid;
    private double heldPts, lookPts;
    private RgbImage heldImage; // held converted, cached for repeated targets
    private final RgbConverter converter;
    private final ArrayDeque<DecodedFrame> ready = new ArrayDeque<>();
    private int nextTarget, outIndex;
    private boolean flushed, finished, closed;
    private double maxKeyGapS, lastKeyS = Double.NaN;
    private int damagedPackets, skippedTargets, seeks, drainErrors;
    private long framesDecoded;
    private String readError;

    private FrameStream(Path file, VideoProbe probe, SamplingPlan plan, Options opts) {
        this.probe = probe;
        this.plan = plan;
        this.opts = opts;
        this.targets = plan.timesS().stream().mapToDouble(Double::doubleValue).toArray();
        // swscale sizes the frame as stored; a frame turned by 90 or 270 degrees is sized transposed first
        boolean transposed = probe.rotation() == 90 || probe.rotation() == 270;
        this.converter = new RgbConverter(transposed
                ? opts.size().map(sz -> new Size(sz.height(), sz.width())) : opts.size());
        MediaFile opened;
        try {
            opened = MediaFile.open(file, opts.stallS());
        } catch (RuntimeException e) {
            freeAll();
            throw e;
        }
        this.mf = opened;
        AVCodecContext c = null;
        try {
            AVCodec codec = avcodec_find_decoder(mf.par.codec_id());
            if (codec == null || codec.isNull()) {
                throw BadInputException.file(file, "no decoder for video codec "
                        + avcodec_get_name(mf.par.codec_id()).getString());
            }
            c = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(c, mf.par);
            c.pkt_timebase(mf.stream.time_base());
            c.thread_count(0); // one per core
            int rc = avcodec_open2(c, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (rc < 0) {
                throw BadInputException.file(file, "cannot open the " + codec.name().getString()
                        + " decoder (" + Ffmpeg.error(rc) + ")");
            }
        } catch (RuntimeException e) {
            if (c != null) {
                avcodec_free_context(c);
            }
            freeAll();
            mf.close();
            throw e;
        }
        this.ctx = c;
    }

    /** Opens FILE to decode PLAN at the native size (size empty) or at SIZE, with default options. */
    public static FrameStream open(Path file, VideoProbe probe, SamplingPlan plan, Optional<Size> size) {
        return new FrameStream(file, probe, plan, Options.defaults(size));
    }

    public static FrameStream open(Path file, VideoProbe probe, SamplingPlan plan, Options options) {
        return new FrameStream(file, probe, plan, options);
    }

    @Override
    public Iterator<DecodedFrame> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        while (ready.isEmpty() && !finished) {
            step();
        }
        return !ready.isEmpty();
    }

    @Override
    public DecodedFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more frames");
        }
        return ready.poll();
    }

    /** Packets the decoder rejected as damaged, plus frames it flagged corrupt. */
    public int damagedPackets() {
        return damagedPackets;
    }

    /** Plan targets with no frame: past the last decodable frame. */
    public int skippedTargets() {
        return skippedTargets;
    }

    public int seeks() {
        return seeks;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    /** Why reading stopped before the normal end of the file, or empty. */
    public Optional<String> readError() {
        return Optional.ofNullable(readError);
    }

    /** One unit of work: resolves the next target (or, for every-frame plans, the next frame). */
    private void step() {
        if (plan.everyFrame()) {
            if (!decodeInto()) {
                finished = true;
                return;
            }
            RgbImage img = Rotation.clockwise(converter.convert(look), probe.rotation());
            lookValid = false;
            ready.add(new DecodedFrame(outIndex++, lookPts, lookPts, img));
            return;
        }
        if (nextTarget >= targets.length) {
            finished = true;
            return;
        }
        double t = targets[nextTarget];
        // timestamps are rounded to the stream's time base (1 ms in Matroska): a frame whose rounded time is
        // within half a tick after t counts as shown at t
        double eps = Math.max(1e-6, 0.5 * av_q2d(mf.timeBase()));
        if (shouldSeek(t)) {
            seek(t);
        }
        while (true) {
            if (lookValid) {
                if (lookPts <= t + eps) {
                    promote();
                    continue;
                }
                // look is after t: held is the frame shown at t (or, with none before t, the first frame)
                if (heldValid) {
                    emitHeld(t);
                } else {
                    promote();
                    emitHeld(t);
                }
                return;
            }
            if (!decodeInto()) {
                double end = Math.max(probe.durationS(), heldPts + 1 / probe.fps());
                if (heldValid && t <= end + eps) {
                    emitHeld(t);
                } else {
                    skippedTargets++;
                    nextTarget++;
                }
                return;
            }
        }
    }

    private void emitHeld(double t) {
        if (heldImage == null) {
            heldImage = Rotation.clockwise(converter.convert(held), probe.rotation());
        }
        ready.add(new DecodedFrame(outIndex++, t, heldPts, heldImage));
        nextTarget++;
    }

    private void promote() {
        AVFrame tmp = held;
        held = look;
        look = tmp;
        heldPts = lookPts;
        heldValid = true;
        lookValid = false;
        heldImage = null;
    }

    private boolean shouldSeek(double t) {
        double pos = lookValid ? lookPts : heldValid ? heldPts : 0;
        return switch (opts.mode()) {
            case SEQUENTIAL -> false;
            case SEEK -> t > pos + 1e-6 || (!lookValid && !heldValid && t > 0);
            case AUTO -> t - pos > Math.max(opts.seekGapS(), 1.5 * maxKeyGapS);
        };
    }

    private void seek(double t) {
        long ts = mf.startTs() + (long) Math.floor(t / av_q2d(mf.timeBase()));
        mf.extendDeadline();
        if (av_seek_frame(mf.fmt, mf.streamIndex, ts, AVSEEK_FLAG_BACKWARD) < 0) {
            if (mf.timedOut()) {
                throw BadInputException.file(mf.file, "timed out seeking to " + t + " s");
            }
            return; // not seekable: decode on sequentially
        }
        seeks++;
        avcodec_flush_buffers(ctx);
        heldValid = false;
        lookValid = false;
        heldImage = null;
        flushed = false;
        lastKeyS = Double.NaN;
    }

    /** Decodes the next frame into look; false at the end of the stream. */
    private boolean decodeInto() {
        mf.extendDeadline();
        while (true) {
            if (mf.timedOut()) {
                throw BadInputException.file(mf.file, "timed out: no frame decoded for " + mf.stallSeconds() + " s");
            }
            int rc = avcodec_receive_frame(ctx, look);
            if (rc == 0) {
                framesDecoded++;
                if ((look.flags() & 1) != 0) { // AV_FRAME_FLAG_CORRUPT (1 << 0)
                    damagedPackets++;
                }
                long ts = look.best_effort_timestamp();
                lookPts = ts == AV_NOPTS_VALUE
                        ? (heldValid ? heldPts + 1 / probe.fps() : 0)
                        : mf.seconds(ts - mf.startTs());
                lookValid = true;
                return true;
            }
            if (rc == AVERROR_EOF()) {
                return false;
            }
            if (rc != EAGAIN) {
                damagedPackets++; // a decode error surfaced on output; the decoder goes on with the next packet
            }
            if (flushed) {
                // draining: errors here are frames lost at the end; a decoder stuck on errors ends the stream
                if (rc != EAGAIN && ++drainErrors < 1000) {
                    continue;
                }
                return false;
            }
            readPacketAndSend();
        }
    }

    private void readPacketAndSend() {
        while (true) {
            int rc = av_read_frame(mf.fmt, pkt);
            if (rc < 0) {
                if (mf.timedOut()) {
                    throw BadInputException.file(mf.file, "timed out: no frame decoded for " + mf.stallSeconds() + " s");
                }
                if (rc != AVERROR_EOF()) {
                    readError = Ffmpeg.error(rc);
                }
                avcodec_send_packet(ctx, null); // drain the decoder
                flushed = true;
                return;
            }
            try {
                if (pkt.stream_index() != mf.streamIndex) {
                    continue;
                }
                if ((pkt.flags() & AV_PKT_FLAG_KEY) != 0 && pkt.pts() != AV_NOPTS_VALUE) {
                    double k = mf.seconds(pkt.pts() - mf.startTs());
                    if (!Double.isNaN(lastKeyS) && k > lastKeyS) {
                        maxKeyGapS = Math.max(maxKeyGapS, k - lastKeyS);
                    }
                    lastKeyS = k;
                }
                int s = avcodec_send_packet(ctx, pkt);
                if (s < 0 && s != EAGAIN) {
                    damagedPackets++;
                    continue;
                }
                return;
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    private void freeAll() {
        av_packet_free(pkt);
        av_frame_free(held);
        av_frame_free(look);
        converter.close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avcodec_free_context(ctx);
        freeAll();
        mf.close();
    }
}
