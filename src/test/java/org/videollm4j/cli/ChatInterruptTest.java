package org.videollm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C (SIGINT) during a chat answer stops that answer only; the session goes on; EOF ends it with 0. */
class ChatInterruptTest {
    @TempDir
    Path dir;

    @Test
    void sigintStopsTheAnswerAndTheNextQuestionIsAnswered() throws Exception {
        Path world = dir.resolve("w");
        assertThat(Main.execute("synth", "--seed", "8", "--frames", "16", "--fps", "4", "--size", "64", "--pacing", "brisk",
                "--out", world.toString())).isEqualTo(0);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "chat", world.resolve("video.mp4").toString(), "--model", "testdata/models/tiny-gqa-f32",
                "--frames", "4", "--max-new-tokens", "4000", "--no-cache"));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            OutputStream in = p.getOutputStream();
            in.write("first question\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            InputStream out = p.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[256];
            while (got.size() < 8) { // the answer is streaming
                int n = out.read(buf);
                assertThat(n).as("chat ended before answering").isPositive();
                got.write(buf, 0, n);
            }
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor()).isEqualTo(0);
            in.write("second question\n".getBytes(StandardCharsets.UTF_8));
            in.close();
            got.write(out.readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String e = new String(err.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(e).isEqualTo(0);
            assertThat(e).contains("chat: answer stopped").doesNotContain("Exception").doesNotContain("\tat ");
            String text = got.toString(StandardCharsets.UTF_8);
            assertThat(text.split("\n", -1)).hasSize(3); // stopped answer, second answer, final newline
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream s) {
        try {
            return s.readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
