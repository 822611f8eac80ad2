package org.videollm4j.video;

import org.bytedeco.ffmpeg.global.avutil;

/** One-time FFmpeg setup (quiet logging, so the CLI's output stays clean) and error strings. */
final class Ffmpeg {
    private static volatile boolean initialised;

    private Ffmpeg() {
    }

    static void init() {
        if (!initialised) {
            synchronized (Ffmpeg.class) {
                if (!initialised) {
                    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
                    initialised = true;
                }
            }
        }
    }

    /** FFmpeg's own text for an AVERROR code, e.g. "Invalid data found when processing input". */
    static String error(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
