package org.videollm4j.bench.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.testutil.CliRun;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command end to end on one short cell: a generated 6 s video, {@code ask} in a child JVM (the class path and
 * flags it is started with work), the files written (a cell that cannot fit: {@code ScalingReportTest}).
 */
class BenchScalingCommandTest {
    @Test
    void runsAskInAChildJvmAndWritesTheResults(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("bench-scaling", "--minutes", "0.1", "--methods", "none", "--heap", "512m",
                "--max-new-tokens", "2", "--model", "models/demo", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("scaling.json").toFile());
        assertThat(root.path("nproc").asInt()).isPositive();
        JsonNode cell = root.path("cells").get(0);
        assertThat(cell.path("error").isNull()).as(cell.toString()).isTrue();
        assertThat(cell.path("frames_sampled").asInt()).isBetween(6, 7);
        assertThat(cell.path("visual_tokens").path("sampled").asInt()).isEqualTo(4 * cell.path("frames_sampled").asInt());
        assertThat(cell.path("kv_bytes").asLong()).isPositive();
        assertThat(cell.path("stages_ms").has("vision")).isTrue();
        assertThat(cell.path("heap").path("gc_pauses").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(r.out()).contains("| 0.1 | none | ");
        assertThat(out.resolve("scaling.svg")).exists();
        try (var s = Files.list(out.resolve("videos"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("len-00006s-seed7000006-fps2-size128");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(CliRun.run("bench-scaling", "--minutes", "0").code()).isEqualTo(2);
        CliRun r = CliRun.run("bench-scaling", "--methods", "nonsense");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nonsense");
    }
}
