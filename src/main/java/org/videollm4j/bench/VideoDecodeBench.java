package org.videollm4j.bench;

import org.videollm4j.util.BadInputException;
import org.videollm4j.video.DecodedFrame;
import org.videollm4j.video.FrameStream;
import org.videollm4j.video.Prober;
import org.videollm4j.video.SamplingPlan;
import org.videollm4j.video.SamplingPlans;
import org.videollm4j.video.VideoProbe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sampling {@code fps} frames per second to native-size RGB with {@link FrameStream} (probe + plan +
 * decode, in this JVM) vs {@code ffmpeg -v error -i VIDEO -vf fps=F -f rawvideo -pix_fmt rgb24 -}
 * (Debian's ffmpeg on PATH, output drained through a pipe), alternating, best time of each.
 */
public final class VideoDecodeBench {
    /** Best seconds of each side and what they produced. */
    public record Result(Path video, double fps, int runs, double oursSeconds, long ourFrames, long ourBytes,
                         double ffmpegSeconds, long ffmpegBytes) {
        /** Our throughput / ffmpeg's, i.e. ffmpeg time / our time (> 1: we are faster). */
        public double ratio() {
            return ffmpegSeconds / oursSeconds;
        }
    }

    private VideoDecodeBench() {
    }

    public static Result compare(Path video, double fps, int runs) throws IOException, InterruptedException {
        double ours = Double.MAX_VALUE, theirs = Double.MAX_VALUE;
        long ourFrames = 0, ourBytes = 0, theirBytes = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            VideoProbe probe = Prober.probe(video);
            SamplingPlan plan = SamplingPlans.byFps(probe, fps, 1_000_000);
            long frames = 0, bytes = 0;
            try (FrameStream s = FrameStream.open(video, probe, plan, Optional.empty())) {
                for (DecodedFrame f : s) {
                    frames++;
                    bytes += f.image().pixels().length;
                }
            }
            ours = Math.min(ours, (System.nanoTime() - t0) / 1e9);
            ourFrames = frames;
            ourBytes = bytes;
            long t1 = System.nanoTime();
            theirBytes = runFfmpeg(video, fps);
            theirs = Math.min(theirs, (System.nanoTime() - t1) / 1e9);
        }
        return new Result(video, fps, runs, ours, ourFrames, ourBytes, theirs, theirBytes);
    }

    private static long runFfmpeg(Path video, double fps) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-vf", "fps=" + fps,
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new BadInputException("ffmpeg: not found on PATH; the decode benchmark compares with it (apt-get install ffmpeg)");
        }
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = p.getInputStream()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
        }
        if (p.waitFor() != 0) {
            throw BadInputException.file(video, "ffmpeg failed on it (exit " + p.exitValue() + ")");
        }
        return n;
    }
}
