package org.videollm4j.cli;

/** The command line itself is wrong (incompatible flags, a value out of range); exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    /** Refuses {@code value} below {@code min}: "FLAG must be at least MIN, got VALUE". */
    static void requireAtLeast(String flag, long min, long value) {
        if (value < min) {
            throw new UsageException(flag + " must be at least " + min + ", got " + value);
        }
    }
}
