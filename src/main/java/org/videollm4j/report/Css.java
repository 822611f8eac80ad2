package org.videollm4j.report;

/** The report's stylesheet (inline; no fonts or images fetched). */
final class Css {
    private Css() {
    }

    static final String STYLE = """
            :root { --ink: #1d2330; --muted: #5d6678; --line: #d9dee8; --kept: #1f9d6b; --dropped: #b9c0cc;
                    --key: #e8871e; --accent: #3d6fd8; --bg: #f6f7fb; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
                   font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1220px; margin: 0 auto; padding: 24px 28px 40px; }
            header h1 { margin: 0 0 4px; font-size: 24px; letter-spacing: -0.01em; }
            .meta { margin: 0 0 18px; color: var(--muted); }
            section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px 18px;
                      margin: 0 0 18px; box-shadow: 0 1px 2px rgba(20, 30, 60, 0.04); }
            h2 { margin: 0 0 8px; font-size: 17px; }
            .note { margin: 0 0 10px; color: var(--muted); font-size: 13.5px; }
            #qa .q, #qa .a { padding: 6px 0; font-size: 16px; }
            #qa .a { font-weight: 600; font-size: 18px; }
            #qa .d pre { margin: 4px 0; max-height: 16em; overflow: auto; font-size: 13px; }
            .tag { display: inline-block; min-width: 78px; margin-right: 10px; padding: 1px 8px; border-radius: 99px;
                   background: #eef2fb; color: var(--accent); font-size: 12px; font-weight: 600; text-align: center;
                   text-transform: uppercase; letter-spacing: 0.04em; vertical-align: 2px; }
            .axis-svg, .chart { display: block; max-width: 100%; height: auto; }
            .axis { stroke: #8a93a6; stroke-width: 1; }
            .tick-kept { stroke: var(--kept); stroke-width: 2.5; }
            .tick-dropped { stroke: var(--dropped); stroke-width: 1.5; }
            .keymark { fill: var(--key); }
            .lbl { fill: var(--muted); font-size: 12px; }
            .val { fill: var(--ink); font-size: 12px; font-weight: 600; }
            .legend { margin: 4px 0 12px; color: var(--muted); font-size: 13px; }
            .sw { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 5px 0 12px; vertical-align: -1px; }
            .sw.kept { background: var(--kept); } .sw.dropped { background: var(--dropped); }
            .sw.key { background: var(--key); transform: rotate(45deg) scale(0.8); }
            .frames { display: flex; flex-wrap: wrap; gap: 8px; }
            .frame { position: relative; margin: 0; width: 112px; padding: 3px; border-radius: 7px; border: 2px solid transparent; }
            .frame.kept { border-color: var(--kept); background: #effaf5; }
            .frame.dropped { opacity: 0.45; filter: grayscale(0.6); border-color: var(--dropped); }
            .frame img { display: block; width: 100%; height: auto; border-radius: 4px; }
            .frame figcaption { text-align: center; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
            .key-badge { position: absolute; top: 6px; right: 6px; background: var(--key); color: #fff; font-size: 11px;
                         font-weight: 700; border-radius: 4px; padding: 0 5px; }
            .score-line { fill: none; stroke: var(--accent); stroke-width: 1.8; }
            .dot-kept { fill: var(--kept); } .dot-dropped { fill: #fff; stroke: var(--dropped); stroke-width: 1.5; }
            .bar-tokens { fill: var(--accent); } .bar-time { fill: #7b61c9; }
            .text-kv { fill: #c9d3ea; } .visual-kv { fill: var(--accent); }
            footer { color: var(--muted); font-size: 12px; text-align: center; }
            """;
}
