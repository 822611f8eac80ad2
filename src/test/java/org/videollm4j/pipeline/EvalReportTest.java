package org.videollm4j.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Aggregation per method x set and the needle grid, on constructed results. */
class EvalReportTest {
    private static EvalHarness.QuestionResult q(String method, String set, String kind, boolean ok, double depth,
                                                double len, int vis, long kv, String error) {
        return new EvalHarness.QuestionResult(set, "v.mp4", method, kind, "q", "a", ok ? "a" : "b", ok, depth, len,
                8, vis, vis / 2, kv, 10, error);
    }

    @Test
    void rowsAverageAndCountPerMethodAndSet() {
        List<EvalHarness.QuestionResult> rs = new ArrayList<>();
        rs.add(q("none", "s1", "needle", true, 0.0, 8, 32, 1000, null));
        rs.add(q("none", "s1", "count", false, Double.NaN, 8, 32, 3000, null));
        rs.add(q("retake kv=0.5", "s1", "needle", false, 0.0, 8, 0, 0, "does not fit"));
        List<EvalReport.Row> rows = EvalReport.rows(rs);
        assertThat(rows).hasSize(2);
        EvalReport.Row none = rows.getFirst();
        assertThat(none.overall()).isEqualTo(new EvalReport.Score(1, 2));
        assertThat(none.byKind()).containsEntry("needle", new EvalReport.Score(1, 1)).containsEntry("count", new EvalReport.Score(0, 1));
        assertThat(none.kvBytes()).isEqualTo(2000.0);
        assertThat(none.kvVisualTokens()).isEqualTo(16.0);
        assertThat(rows.get(1).errors()).isEqualTo(1);
        String md = EvalReport.markdown(java.util.Map.of("model", "m"), rows);
        assertThat(md).contains("| none | s1 | 8 | 50.0 (1/2) | 0.0 (0/1) | 100.0 (1/1) | 32 | 16 | 2.0 | 10 | 0 |");
    }

    @Test
    void gridHasDepthRowsAndLengthColumnsOfNeedleQuestionsOnly() {
        List<EvalHarness.QuestionResult> rs = new ArrayList<>();
        rs.add(q("none", "a", "needle", true, 0.0, 8.2, 32, 1, null));
        rs.add(q("none", "a", "needle", false, 0.0, 8.0, 32, 1, null));
        rs.add(q("none", "b", "needle", true, 1.0, 16.0, 32, 1, null));
        rs.add(q("none", "b", "count", true, Double.NaN, 16.0, 32, 1, null));
        List<EvalReport.Grid> gs = EvalReport.grids(rs);
        assertThat(gs).hasSize(1);
        EvalReport.Grid g = gs.getFirst();
        assertThat(g.depths()).containsExactly(0.0, 1.0);
        assertThat(g.lengths()).containsExactly(8.0, 16.0);
        assertThat(g.cells()[0][0]).isEqualTo(new EvalReport.Score(1, 2));
        assertThat(g.cells()[0][1]).isNull();
        assertThat(g.cells()[1][1]).isEqualTo(new EvalReport.Score(1, 1));
        String html = Heatmap.html(gs);
        assertThat(html).contains("50%").contains("1/2").contains("hsl(60,").contains("hsl(120,");
    }
}
