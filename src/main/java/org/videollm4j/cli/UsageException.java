package org.videollm4j.cli;

/** The command line itself is wrong (incompatible flags, a value out of range); exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
