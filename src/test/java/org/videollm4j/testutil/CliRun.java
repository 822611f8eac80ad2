package org.videollm4j.testutil;

import org.videollm4j.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in process with stdin given and stdout and stderr captured. */
public record CliRun(int code, String out, String err) {

    public static CliRun run(String... args) {
        return withInput("", args);
    }

    /** {@code make-data eval-set} into {@code out} (fails the test with its stderr if it does not succeed). */
    public static java.nio.file.Path evalSet(java.nio.file.Path out, long seed, int count, int frames) {
        CliRun r = run("make-data", "eval-set", "--seed", Long.toString(seed), "--count", Integer.toString(count),
                "--frames", Integer.toString(frames), "--out", out.toString());
        if (r.code() != 0) {
            throw new AssertionError("make-data eval-set failed (" + r.code() + "): " + r.err());
        }
        return out;
    }

    public static synchronized CliRun withInput(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }
}
