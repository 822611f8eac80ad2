package org.videollm4j.cli;

import org.videollm4j.util.BadInputException;
import org.videollm4j.video.DecodedFrame;
import org.videollm4j.video.FrameStream;
import org.videollm4j.video.Prober;
import org.videollm4j.video.SamplingPlan;
import org.videollm4j.video.SamplingPlans;
import org.videollm4j.video.VideoProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j bench-decode VIDEO [--fps F] [--runs N]}: times sampling F fps to native-size RGB with
 * {@link FrameStream} next to {@code ffmpeg -i VIDEO -vf fps=F -f rawvideo -pix_fmt rgb24 -} (Debian's
 * ffmpeg on PATH), alternating the two, and prints the best time of each and their ratio.
 */
@Command(name = "bench-decode", mixinStandardHelpOptions = true,
        description = "Time frame sampling against the ffmpeg command line on the same video.")
public final class BenchDecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO")
    Path video;

    @Option(names = "--fps", defaultValue = "1", description = "sampling rate (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--runs", defaultValue = "3", description = "runs of each, best kept (default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new UsageException("--runs must be at least 1, got " + runs);
        }
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
            theirBytes = runFfmpeg();
            theirs = Math.min(theirs, (System.nanoTime() - t1) / 1e9);
        }
        System.out.printf("video      %s%n", video);
        System.out.printf("videollm4j %.3f s  (%d frames, %d RGB bytes; probe + plan + decode)%n", ours, ourFrames, ourBytes);
        System.out.printf("ffmpeg     %.3f s  (%d RGB bytes: ffmpeg -i VIDEO -vf fps=%s -f rawvideo -pix_fmt rgb24 -)%n",
                theirs, theirBytes, fps);
        System.out.printf("ratio      %.2f (videollm4j time / ffmpeg time, best of %d runs each)%n", ours / theirs, runs);
        return 0;
    }

    private long runFfmpeg() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-vf", "fps=" + fps,
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new BadInputException("ffmpeg: not found on PATH; bench-decode compares with it (apt-get install ffmpeg)");
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
