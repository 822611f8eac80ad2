package org.videollm4j.video;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming holds a window of frames, not the video: 361 native-size RGB frames (183 MB) of the 180 s
 * file stream through a JVM whose whole heap is 32 MB.
 */
class BoundedMemoryTest {
    @Test
    void aLongVideoStreamsThroughASmallHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), StreamAll.class.getName(),
                "../shared/media/wannaworktogether.mp4", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertThat(Long.parseLong(last[0])).isEqualTo(361);
        assertThat(Long.parseLong(last[1])).isEqualTo(361L * 480 * 352 * 3);
    }
}
