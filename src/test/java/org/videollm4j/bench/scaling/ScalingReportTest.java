package org.videollm4j.bench.scaling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table, JSON and plot of a scaling run, on made-up cells (one failed). */
class ScalingReportTest {
    static ScalingCell ok(double minutes, String method, long wallMs, long peakMiB, long liveMiB) {
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("decode", 1500L);
        stages.put("vision", 6000L);
        stages.put("qc_comp", 700L);
        stages.put("prefill", 300L);
        stages.put("total", 8500L);
        return new ScalingCell(minutes, method, List.of("--method", method, "--select-frames", "64"), null, wallMs, stages,
                (int) (minutes * 60), 64, Map.of("sampled", (int) (minutes * 240), "prompt", 256), 3000, 1_500_000, 1136,
                "red", 10L << 20, new GcLog(3, peakMiB << 20, liveMiB << 20, 900L << 20), 1.5);
    }

    static ScalingCell failed(double minutes, String method) {
        return new ScalingCell(minutes, method, List.of("--method", method), "the video prefix alone | does not fit", 900,
                Map.of(), 0, 0, Map.of(), 0, 0, 0, null, 0, new GcLog(0, 0, 0, 0), 1.5);
    }

    @Test
    void tableHasOneRowPerCellAndAFailedCellSaysWhy() {
        String md = ScalingReport.markdown(List.of(ok(1, "xcomp", 9000, 400, 14), failed(60, "none")));
        String[] lines = md.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[2]).startsWith("| 1 | xcomp (--select-frames 64) | 60 / 64 |").contains("| 1.5 s |")
                .contains("| 0.7 s |").contains("| 9.0 s |").contains("400 / 14 (10)");
        assertThat(lines[3]).startsWith("| 60 | none | did not run: the video prefix alone \\| does not fit |");
        for (String l : lines) { // every row has the header's column count (escaped pipes excluded)
            assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(16);
        }
    }

    @Test
    void plotIsWellFormedSvgWithALinePerMethodAndSeriesOverTheCellsThatRan() throws Exception {
        List<ScalingCell> cells = List.of(ok(1, "retake", 9000, 400, 14), ok(5, "retake", 12000, 600, 30),
                ok(60, "retake", 30000, 700, 200), ok(1, "none", 8000, 300, 10), failed(60, "none"));
        String svg = ScalingPlot.svg(cells);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList lines = d.getElementsByTagName("polyline");
        // time panel: 2 methods; heap panel: peak and live for 2 methods
        assertThat(lines.getLength()).isEqualTo(6);
        List<Integer> pointCounts = new ArrayList<>();
        for (int i = 0; i < lines.getLength(); i++) {
            pointCounts.add(((Element) lines.item(i)).getAttribute("points").strip().split(" ").length);
        }
        assertThat(pointCounts).containsExactly(3, 1, 3, 1, 3, 1);
        assertThat(svg).doesNotContain("NaN").doesNotContain("script").doesNotContain("href")
                .contains("none (1 length did not run)");
        // x follows log(minutes): 5 min sits at log(5)/log(60) of the axis
        String retakeTime = ((Element) lines.item(0)).getAttribute("points");
        double x1 = Double.parseDouble(retakeTime.split(" ")[0].split(",")[0]);
        double x5 = Double.parseDouble(retakeTime.split(" ")[1].split(",")[0]);
        double x60 = Double.parseDouble(retakeTime.split(" ")[2].split(",")[0]);
        assertThat((x5 - x1) / (x60 - x1)).isCloseTo(Math.log(5) / Math.log(60), org.assertj.core.data.Offset.offset(0.01));
        // y: 30 s on an axis topped at 50 s is lower on the page (larger y) than... 9 s is lower still
        double y1 = Double.parseDouble(retakeTime.split(" ")[0].split(",")[1]);
        double y60 = Double.parseDouble(retakeTime.split(" ")[2].split(",")[1]);
        assertThat(y1).isGreaterThan(y60);
    }

    @Test
    void niceCeilingsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(ScalingPlot.niceCeil(0)).isEqualTo(1);
        assertThat(ScalingPlot.niceCeil(7)).isEqualTo(10);
        assertThat(ScalingPlot.niceCeil(30)).isEqualTo(50);
        assertThat(ScalingPlot.niceCeil(120)).isEqualTo(200);
        assertThat(ScalingPlot.niceCeil(0.3)).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void writesJsonMarkdownAndSvg(@TempDir Path dir) throws Exception {
        ScalingReport.write(dir, List.of(ok(1, "xcomp", 9000, 400, 14), failed(60, "none")), Map.of("nproc", 2));
        String json = Files.readString(dir.resolve("scaling.json"));
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(root.path("nproc").asInt()).isEqualTo(2);
        assertThat(root.path("cells")).hasSize(2);
        assertThat(root.path("cells").get(0).path("stages_ms").fieldNames()).toIterable()
                .containsExactly("decode", "vision", "qc_comp", "prefill", "total");
        assertThat(root.path("cells").get(1).path("ok").asBoolean()).isFalse();
        assertThat(root.path("cells").get(1).path("error").asText()).contains("does not fit");
        assertThat(dir.resolve("scaling.md")).exists();
        assertThat(dir.resolve("scaling.svg")).exists();
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".tmp")).count()).isZero();
        }
    }

    @Test
    void optionsGiveEachMethodItsFrameBudgetAndRejectBadValues() {
        ScalingOptions o = new ScalingOptions(List.of(1.0, 60.0), List.of("none", "RETAKE", "xcomp"), 64, "2g", 2, "128", 1,
                Path.of("v"), Path.of("o"), Path.of("m"), 48, 900);
        assertThat(o.methods()).containsExactly("none", "retake", "xcomp");
        assertThat(o.methodFlags("none", 60)).containsExactly("--method", "none");
        assertThat(o.methodFlags("xcomp", 60)).containsExactly("--method", "xcomp", "--select-frames", "64");
        assertThat(o.methodFlags("retake", 1)).containsExactly("--method", "retake"); // 60 frames fit the budget
        assertThat(o.methodFlags("retake", 60)).containsExactly("--method", "retake", "--select-ratio", "0.017778");
        for (double minutes : new double[]{1.5, 5, 15, 60, 240, 1440}) { // the ratio keeps the budget's frames
            double r = Double.parseDouble(o.methodFlags("retake", minutes).get(3));
            assertThat(Math.round(r * ScalingOptions.seconds(minutes))).as(minutes + " min").isEqualTo(64);
        }
        assertThatThrownBy(() -> new ScalingOptions(List.of(0.0), List.of("none"), 64, "2g", 2, "128", 1, Path.of("v"),
                Path.of("o"), Path.of("m"), 48, 900)).hasMessageContaining("--minutes");
        assertThatThrownBy(() -> new ScalingOptions(List.of(1.0), List.of("nonsense"), 64, "2g", 2, "128", 1, Path.of("v"),
                Path.of("o"), Path.of("m"), 48, 900)).hasMessageContaining("nonsense");
        assertThatThrownBy(() -> new ScalingOptions(List.of(1.0), List.of("none"), 64, "two", 2, "128", 1, Path.of("v"),
                Path.of("o"), Path.of("m"), 48, 900)).hasMessageContaining("--heap");
    }
}
