package org.videollm4j.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ffprobe/ffmpeg as test oracles. Their absence fails the test loudly (CI must install the
 * Debian package ffmpeg); it is never a skip.
 */
final class FfmpegOracle {
    private FfmpegOracle() {
    }

    /** Presentation times of every decoded frame of the first video stream, in decode-output order. */
    static List<Double> framePts(Path file) {
        String out = new String(run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "frame=best_effort_timestamp_time", "-of", "csv=p=0", file.toString()), StandardCharsets.UTF_8);
        List<Double> pts = new ArrayList<>();
        for (String line : out.split("\n")) {
            String s = line.trim().replace(",", "");
            if (!s.isEmpty() && !s.equals("N/A")) {
                pts.add(Double.parseDouble(s));
            }
        }
        return pts;
    }

    /** The frame ffmpeg extracts at time t (-ss before -i: accurate seek), as RGB24 at its native size. */
    static byte[] frameAt(Path file, double t) {
        return run("ffmpeg", "-v", "error", "-ss", Double.toString(t), "-i", file.toString(), "-frames:v", "1",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
    }

    static byte[] run(String... cmd) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError(cmd[0] + " is not installed: the video tests use Debian's ffmpeg package as "
                    + "their oracle (apt-get install -y ffmpeg)", e);
        }
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " failed");
            }
            return out.toByteArray();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + e, e);
        }
    }
}
