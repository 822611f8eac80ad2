package org.videollm4j.cli;

import org.videollm4j.testutil.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI contract of `probe` and `frames` that automated checks rely on. */
class VideoCliTest {
    static final Path LEGO = Path.of("../shared/media/containers/lego.mp4.mp4");


    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void probeJsonIsOneObjectWithTheContractFields() throws Exception {
        CliRun r = run("probe", LEGO.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.isObject()).isTrue();
        assertThat(j.get("frames").asLong()).isEqualTo(166);
        assertThat(j.get("frames_exact").isBoolean()).isTrue();
        assertThat(j.get("frames_exact").asBoolean()).isTrue();
        assertThat(j.get("fps").asDouble()).isEqualTo(30.0);
        assertThat(j.get("duration_s").asDouble()).isBetween(5.5, 5.6);
        assertThat(j.get("width").asInt()).isEqualTo(560);
        assertThat(j.get("height").asInt()).isEqualTo(320);
        assertThat(j.get("codec").asText()).isEqualTo("h264");
        assertThat(j.get("container").asText()).contains("mp4");
    }

    @Test
    void framesWritesPngsAndAnIndexInTimeOrder(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("frames");
        CliRun r = run("frames", LEGO.toString(), "--count", "4", "--midpoints", "--out", out.toString(),
                "--size", "64x48");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode index = new ObjectMapper().readTree(out.resolve("frames.json").toFile());
        assertThat(index.size()).isEqualTo(4);
        double last = -1;
        for (int i = 0; i < 4; i++) {
            JsonNode e = index.get(i);
            assertThat(e.get("index").asInt()).isEqualTo(i);
            assertThat(e.get("pts_s").asDouble()).isGreaterThan(last);
            last = e.get("pts_s").asDouble();
            BufferedImage img = ImageIO.read(out.resolve(e.get("file").asText()).toFile());
            assertThat(img.getWidth()).isEqualTo(64);
            assertThat(img.getHeight()).isEqualTo(48);
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(out); // no leftover temporary folder
        }
    }

    @Test
    void framesIntoAnExistingEmptyFolderWorksAndANonEmptyOneIsRefused(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("empty"));
        assertThat(run("frames", LEGO.toString(), "--fps", "1", "--out", out.toString()).code()).isZero();
        assertThat(out.resolve("frames.json")).exists();
        CliRun again = run("frames", LEGO.toString(), "--fps", "1", "--out", out.toString());
        assertThat(again.code()).isEqualTo(3);
        assertThat(again.err()).startsWith("error: " + out + ": ").contains("not empty");
    }

    @Test
    void badVideoFailsWithOneLineAndLeavesNoFolder(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("clip.mp4"), "hello");
        Path out = tmp.resolve("out");
        CliRun r = run("frames", text.toString(), "--fps", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("error: " + text + ": ").doesNotContain("\n").doesNotContain("Exception");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(text);
        }
        CliRun p = run("probe", tmp.resolve("missing.mkv").toString(), "--json");
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.out()).isEmpty();
        assertThat(p.err().strip()).isEqualTo("error: " + tmp.resolve("missing.mkv") + ": no such file");
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        assertThat(run("frames", LEGO.toString(), "--fps", "1", "--midpoints", "--out", out).code()).isEqualTo(2);
        assertThat(run("frames", LEGO.toString(), "--fps", "1", "--size", "0x10", "--out", out).code()).isEqualTo(2);
        assertThat(run("frames", LEGO.toString(), "--fps", "-1", "--out", out).code()).isEqualTo(2);
        assertThat(run("frames", LEGO.toString(), "--out", out).code()).isEqualTo(2);
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
