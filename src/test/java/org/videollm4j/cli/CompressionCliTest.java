package org.videollm4j.cli;

import org.videollm4j.compress.kv.PivotKv;
import org.videollm4j.compress.kv.PositionReforge;
import org.videollm4j.testutil.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.util.ExitCodes;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ask --method --json, eval over methods x budgets writing the tables and heatmap, flag errors (exit 2). */
class CompressionCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "testdata/models/tiny-gqa-f32";

    @TempDir
    static Path dir;
    static Path set;


    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void makeSet() throws Exception {
        set = dir.resolve("set");
        SynthOutput.write(SynthOptions.ofSeconds(6).withSize(64, 64).withFps(2).withNeedleDepth(0.5), 5,
                EnumSet.of(QuestionKind.NEEDLE, QuestionKind.ATTRIBUTE), null, set.resolve("w0"), 1, 23, Duration.ofMinutes(2));
    }

    private static CompressionOptions options(String... args) {
        CompressionOptions o = new CompressionOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void evalListsExpandOnlyWhereAFlagApplies() {
        List<CompressionConfig> cs = options("--method", "none,retake,uniform", "--kv-budget", "0.25,0.5",
                "--select-frames", "2").configs(true);
        assertThat(cs).extracting(CompressionConfig::label)
                .containsExactly("none", "retake kv=0.25", "retake kv=0.5", "uniform frames=2");
        assertThatThrownBy(() -> options("--method", "none,retake").single()).isInstanceOf(UsageException.class)
                .hasMessageContaining("--method takes one value");
        assertThatThrownBy(() -> options("--method", "uniform", "--kv-budget", "0.5").single())
                .isInstanceOf(UsageException.class).hasMessageContaining("--kv-budget applies only to");
        assertThatThrownBy(() -> options("--method", "retake", "--kv-budget", "abc").single())
                .hasMessageContaining("--kv-budget: not a number");
    }

    @Test
    void pivotKvKnobsReachTheConfigAndOnlyRetakeTakesThem() {
        CompressionConfig c = options("--method", "retake", "--pivots", "ignore", "--position-reforge", "NONE").single();
        assertThat(c.pivots()).isEqualTo(PivotKv.Pivots.IGNORE);
        assertThat(c.reforge()).isEqualTo(PositionReforge.Mode.NONE);
        assertThat(c.label()).isEqualTo("retake kv=0.5 pivots=ignore reforge=none");
        assertThat(options("--method", "retake").single().label()).isEqualTo("retake kv=0.5");
        assertThat(options("--method", "xcomp", "--no-lp-comp").single().label()).isEqualTo("xcomp -lp-comp");
        assertThatThrownBy(() -> options("--method", "xcomp", "--position-reforge", "none").single())
                .isInstanceOf(UsageException.class).hasMessageContaining("--pivots/--position-reforge/--frame-text applies only to");
        CompressionConfig evict = options("--method", "retake", "--kv-budget", "0.25", "--frame-text", "evict").single();
        assertThat(evict.frameText()).isEqualTo(PivotKv.FrameText.EVICT);
        assertThat(evict.label()).isEqualTo("retake kv=0.25 frame-text=evict");
        assertThat(options("--method", "retake").single().frameText()).isEqualTo(PivotKv.FrameText.KEEP);
        assertThatThrownBy(() -> options("--method", "snapkv", "--frame-text", "evict").single())
                .isInstanceOf(UsageException.class).hasMessageContaining("applies only to --method retake");
        assertThatThrownBy(() -> options("--method", "retake", "--frame-text", "drop").single())
                .isInstanceOf(UsageException.class).hasMessageContaining("--frame-text: unknown value 'drop'");
        assertThatThrownBy(() -> options("--method", "retake", "--position-reforge", "sideways").single())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--position-reforge: unknown value 'sideways'").hasMessageContaining("scaled");
    }

    @Test
    void askJsonCarriesTheTraceAndTheExistingKeys() throws Exception {
        CliRun r = run("ask", set.resolve("w0/video.mp4").toString(), "What colour was the star?", "--model", MODEL,
                "--frames", "4", "--method", "retake", "--kv-budget", "0.5", "--chunk-frames", "2",
                "--max-new-tokens", "3", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode j = JSON.readTree(r.out());
        for (String k : List.of("answer", "frames_sampled", "visual_tokens", "prompt_tokens", "timings_ms", "method", "trace")) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("frames_sampled").asInt()).isEqualTo(4);
        assertThat(j.get("visual_tokens").asInt()).isEqualTo(16);
        JsonNode t = j.get("trace");
        assertThat(t.get("frames_sampled")).hasSize(4);
        assertThat(t.get("frames_kept")).hasSize(4);
        assertThat(t.get("frames_kept").get(1).has("pts_s")).isTrue();
        assertThat(t.get("visual_tokens").get("kv").asInt()).isEqualTo(8); // 2 chunks x keep(0.5 of 8)
        assertThat(t.get("kv").get("bytes_per_layer")).hasSize(2);
        assertThat(t.get("kv").get("steps")).hasSize(2).allSatisfy(step -> {
            // pivots that did not fit the budget were evicted: at most what the chunk did not keep
            int dropped = step.get("pivots_dropped").asInt(-1);
            assertThat(dropped).isBetween(0, step.get("visual_in").asInt() - step.get("kept").asInt());
        });
        assertThat(t.get("peak_heap_bytes").asLong()).isPositive();
    }

    @Test
    void badFlagsExitWithUsage() {
        String v = set.resolve("w0/video.mp4").toString();
        CliRun r = run("ask", v, "What?", "--model", MODEL, "--method", "retake", "--kv-budget", "1.5");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--kv-budget").contains("1.5");
        r = run("ask", v, "What?", "--model", MODEL, "--method", "uniform", "--select-frames", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--select-frames");
        r = run("ask", v, "What?", "--model", MODEL, "--method", "retake", "--lp-comp");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--lp-comp").contains("retake");
        r = run("ask", v, "What?", "--model", MODEL, "--frames", "4", "--method", "fastv"); // K = 2, 2 layers
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--fastv-k").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void evalWritesResultsTablesAndHeatmap() throws Exception {
        Path out = dir.resolve("results");
        CliRun r = run("eval", "--model", MODEL, "--set", set.toString(), "--frames", "4", "--max-new-tokens", "2",
                "--method", "none,uniform", "--select-frames", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode j = JSON.readTree(Files.readString(out.resolve("results.json")));
        int questions = (int) Files.readAllLines(set.resolve("w0/questions.jsonl")).stream().filter(l -> !l.isBlank()).count();
        assertThat(j.get("methods")).hasSize(2);
        JsonNode rows = j.get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("method").asText()).isEqualTo("none");
        assertThat(rows.get(1).get("method").asText()).isEqualTo("uniform frames=2");
        for (JsonNode row : rows) {
            assertThat(row.get("set").asText()).isEqualTo("set");
            assertThat(row.get("overall").get("total").asInt()).isEqualTo(questions);
            assertThat(row.get("by_kind").has("needle")).isTrue();
        }
        assertThat(rows.get(0).get("visual_tokens").asDouble()).isEqualTo(16.0);
        assertThat(rows.get(1).get("visual_tokens").asDouble()).isEqualTo(8.0);
        assertThat(rows.get(1).get("kv_bytes").asDouble()).isLessThan(rows.get(0).get("kv_bytes").asDouble());
        assertThat(rows.get(1).get("kv_visual_tokens").asDouble()).isEqualTo(8.0);
        assertThat(j.get("questions")).hasSize(2 * questions);
        JsonNode h = j.get("heatmaps");
        assertThat(h).hasSize(2);
        assertThat(h.get(0).get("depths").get(0).asDouble()).isEqualTo(0.5);
        assertThat(h.get(0).get("lengths_s").get(0).asDouble()).isEqualTo(6.0);
        assertThat(h.get(0).get("cells").get(0).get(0).get("total").asInt()).isEqualTo(1);
        String md = Files.readString(out.resolve("results.md"));
        assertThat(md).contains("| method | set |").contains("| none | set |").contains("| uniform frames=2 | set |");
        String html = Files.readString(out.resolve("heatmap.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table>").contains("uniform frames=2")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
    }
}
