package org.videollm4j.util;

import java.nio.file.Path;

/**
 * Input the user gave us is wrong (a missing or malformed file, a value out of range).
 * The message must name the file or value and say what is wrong; the CLI prints it as one line
 * and exits with {@link ExitCodes#BAD_INPUT}.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: problem" — the form every file-related error takes. */
    public static BadInputException file(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }

    public static BadInputException file(Path file, String problem, Throwable cause) {
        return new BadInputException(file + ": " + problem, cause);
    }
}
