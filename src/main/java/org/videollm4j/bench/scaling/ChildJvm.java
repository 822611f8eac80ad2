package org.videollm4j.bench.scaling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in a fresh JVM with this JVM's java, class path and project home (what the launcher passes). */
final class ChildJvm {
    /** The exit code reported for a child stopped at its time limit. */
    static final int TIMED_OUT = -124;

    private ChildJvm() {
    }

    /**
     * The command line up to and including the main class.
     *
     * @param heap  {@code -Xmx} value, or null for the default
     * @param gcLog where {@code -Xlog:gc} writes, or null for none
     */
    static List<String> command(String heap, Path gcLog) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC"));
        if (heap != null) {
            cmd.add("-Xmx" + heap);
        }
        if (gcLog != null) {
            cmd.add("-Xlog:gc:file=" + gcLog.toAbsolutePath());
        }
        for (String p : List.of("videollm4j.home", "videollm4j.threads")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.videollm4j.cli.Main"));
        return cmd;
    }

    /** Runs {@code cmd}, stdout and stderr to files; returns the exit code, or {@link #TIMED_OUT}. */
    static int run(List<String> cmd, Path stdout, Path stderr, long timeoutS) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile());
        if (stderr.equals(stdout)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(stderr.toFile());
        }
        pb.environment().put("VIDEOLLM4J_STDERR_TTY", "0"); // no progress bars in the logs
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            return TIMED_OUT;
        }
        return p.exitValue();
    }

    /** The last non-blank line of a file that is not the JDK's incubator-module warning ("" if none). */
    static String lastLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("WARNING: Using incubator modules")) {
                return l;
            }
        }
        return "";
    }

    /**
     * The CLI's one-line error ("error: ..." without the prefix), else an uncaught throwable's first line (an
     * OutOfMemoryError under the heap cap is not mapped by the CLI), else the last line of the file.
     */
    static String errorLine(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String l : lines) {
                if (l.startsWith("error: ")) {
                    return l.substring("error: ".length()).strip();
                }
            }
            for (String l : lines) {
                if (l.startsWith("Exception in thread ")) {
                    return l.replaceFirst("^Exception in thread \"[^\"]*\" ", "").strip();
                }
            }
        }
        return lastLine(file);
    }

    /** The 1-minute load average (Linux /proc/loadavg), or NaN elsewhere. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
