package org.videollm4j.prompt;

import java.util.Locale;

/** Python's formatting of the SmolVLM video prompt's times (processing_smolvlm.py). */
public final class VideoText {
    private VideoText() {
    }

    /**
     * {@code str(timedelta(seconds=int(seconds)))}: "H:MM:SS", hours unpadded, with "N day(s), " in front
     * from 24 hours on.
     */
    public static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("duration must be finite and >= 0, got " + seconds);
        }
        long s = (long) seconds;
        long days = s / 86_400;
        long rest = s % 86_400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    /**
     * {@code f"{int(t // 60):02d}:{int(t % 60):02d}"} with Python's float floor division and modulo (minutes
     * are not wrapped at 60).
     */
    public static String timestamp(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("timestamp must be finite and >= 0, got " + t);
        }
        // CPython float_floor_div / float_rem for a positive divisor and t >= 0.
        double mod = t % 60.0;
        double div = (t - mod) / 60.0;
        double floor = Math.floor(div);
        if (div - floor > 0.5) {
            floor += 1.0;
        }
        return String.format(Locale.ROOT, "%02d:%02d", (long) floor, (long) mod);
    }
}
