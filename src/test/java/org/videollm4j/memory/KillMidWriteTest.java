package org.videollm4j.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process stopped (SIGTERM, as Ctrl-C stops the JVM: no finally blocks run) after writing a cache entry's
 * temporary file and before renaming it: no entry loads, and the next run removes the temporary file.
 */
class KillMidWriteTest {
    @TempDir
    Path dir;

    /** The child: stores a memory and stops between write and rename until killed. */
    public static void main(String[] args) throws Exception {
        MemoryCache c = MemoryCache.open(Path.of(args[0]), System.err::println);
        c.beforeRename(() -> {
            System.out.println("written");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        MemoryKey k = MemoryCacheTest.key(args[1]);
        c.store(k, MemoryCacheTest.memory(9, k.id()));
    }

    @Test
    void aKilledWriterLeavesNothingThatLoads() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillMidWriteTest.class.getName(),
                dir.toString(), "k").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            assertThat(r.readLine()).isEqualTo("written");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<Path> left;
        try (Stream<Path> s = Files.list(dir)) {
            left = s.toList();
        }
        assertThat(left).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".tmp"));
        MemoryCache c = MemoryCache.open(dir, s -> { });
        assertThat(c.load(MemoryCacheTest.key("k"))).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
