package org.videollm4j.util;

/** Process exit codes of the CLI: usage errors, bad input and internal failures are told apart. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Internal failure: a bug or an environment problem (out of memory, native library missing). */
    public static final int INTERNAL = 1;
    /** Usage error: unknown option, missing argument, incompatible flags. */
    public static final int USAGE = 2;
    /** Bad input: a file or value the user gave is wrong (missing, malformed, unsupported). */
    public static final int BAD_INPUT = 3;

    private ExitCodes() {
    }
}
