package org.videollm4j.bench;

/**
 * One stage timed on both sides in the same run: best seconds of each for {@code count} units
 * (frames or tokens). {@link #ratio()} is our throughput over the reference's.
 */
public record StageResult(String stage, String unit, int count, double oursSeconds, double refSeconds, int rounds) {
    public StageResult {
        if (count <= 0 || !(oursSeconds > 0) || !(refSeconds > 0)) {
            throw new IllegalArgumentException(stage + ": count and times must be positive, got " + count + ", "
                    + oursSeconds + ", " + refSeconds);
        }
    }

    public double oursPerSecond() {
        return count / oursSeconds;
    }

    public double refPerSecond() {
        return count / refSeconds;
    }

    /** Our throughput / the reference's (> 1: we are faster). */
    public double ratio() {
        return refSeconds / oursSeconds;
    }
}
