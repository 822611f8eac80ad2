package org.videollm4j.cli;

import org.videollm4j.bench.VideoDecodeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j bench-decode VIDEO [--fps F] [--runs N]}: times sampling F fps to native-size RGB with
 * {@link org.videollm4j.video.FrameStream} (see {@link VideoDecodeBench}) next to {@code ffmpeg -i VIDEO -vf fps=F -f rawvideo -pix_fmt rgb24 -} (Debian's
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
        VideoDecodeBench.Result r = VideoDecodeBench.compare(video, fps, runs);
        double ours = r.oursSeconds(), theirs = r.ffmpegSeconds();
        long ourFrames = r.ourFrames(), ourBytes = r.ourBytes(), theirBytes = r.ffmpegBytes();
        System.out.printf("video      %s%n", video);
        System.out.printf("videollm4j %.3f s  (%d frames, %d RGB bytes; probe + plan + decode)%n", ours, ourFrames, ourBytes);
        System.out.printf("ffmpeg     %.3f s  (%d RGB bytes: ffmpeg -i VIDEO -vf fps=%s -f rawvideo -pix_fmt rgb24 -)%n",
                theirs, theirBytes, fps);
        System.out.printf("ratio      %.2f (videollm4j time / ffmpeg time, best of %d runs each)%n", ours / theirs, runs);
        return 0;
    }
}
