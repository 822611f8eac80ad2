package org.videollm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Examples at the end of every command's {@code --help}, kept in one place so that each command class stays as
 * its owner wrote it. A command that already has an "Example" footer keeps it.
 */
final class HelpExamples {
    private static final Map<String, String[]> EXAMPLES = Map.ofEntries(
            Map.entry("videollm4j", new String[]{
                    "  videollm4j ask talk.mp4 \"What is written on the whiteboard?\"",
                    "  videollm4j chat talk.mp4 --method retake",
                    "  videollm4j <command> --help"}),
            Map.entry("ask", new String[]{
                    "  videollm4j ask talk.mp4 \"What colour was the triangle?\"",
                    "  videollm4j ask talk.mp4 \"What digit was shown?\" --method retake --kv-budget 0.25 --json",
                    "  videollm4j ask talk.mp4 \"Why?\" --method xcomp --select-frames 16 --report why.html",
                    "  (the encoded video is cached: a second ask on the same file and sampling skips decoding",
                    "   and encoding; --no-cache or --cache-dir DIR to change that)"}),
            Map.entry("chat", new String[]{
                    "  videollm4j chat talk.mp4",
                    "  printf 'What shape came first?\\nWhat colour was it?\\n' \\",
                    "      | videollm4j chat talk.mp4 --frames 32"}),
            Map.entry("eval", new String[]{
                    "  videollm4j eval --set evalsets/short --method none,retake,xcomp --kv-budget 0.25,0.5 --out results/"}),
            Map.entry("probe", new String[]{
                    "  videollm4j probe talk.mp4",
                    "  videollm4j probe --json --no-count talk.mp4"}),
            Map.entry("frames", new String[]{
                    "  videollm4j frames --fps 1 --out frames/ talk.mp4",
                    "  videollm4j frames --count 16 --size 384 --out frames/ talk.mp4"}),
            Map.entry("keyframes", new String[]{
                    "  videollm4j keyframes talk.mp4",
                    "  videollm4j keyframes --fps 2 --ratio 0.25 --json talk.mp4"}),
            Map.entry("synth", new String[]{
                    "  videollm4j synth --seed 1 --seconds 20 --out world1/",
                    "  videollm4j synth --seed 7 --seconds 180 --size 384 --needle-depth 0.5 --out long/"}),
            Map.entry("make-data", new String[]{
                    "  videollm4j make-data eval-set --seed 424242 --count 50 --frames 16 --out evalsets/short"}),
            Map.entry("corpus", new String[]{
                    "  videollm4j make-data corpus --seed 1 --out corpus.txt"}),
            Map.entry("shards", new String[]{
                    "  videollm4j make-data shards --seed 1 --samples 1000 --frames 8 --model models/demo --out shards/"}),
            Map.entry("eval-set", new String[]{
                    "  videollm4j make-data eval-set --seed 424242 --count 50 --frames 16 --out evalsets/short"}),
            Map.entry("transcripts", new String[]{
                    "  videollm4j make-data transcripts --set evalsets/short --out true.json",
                    "  python3 training/demo/read_descriptions.py true.json"}),
            Map.entry("make-eval-grid", new String[]{
                    "  videollm4j make-eval-grid --seed 9 --lengths 60,180 --depths 0.1,0.5,0.9 --out grid/"}),
            Map.entry("bench-decode", new String[]{
                    "  videollm4j bench-decode --fps 1 --runs 3 talk.mp4"}),
            Map.entry("bench-gemm", new String[]{
                    "  videollm4j bench-gemm --dtype bf16 --shapes 512x576x1536,1x576x1536"}),
            Map.entry("help", new String[]{
                    "  videollm4j help ask"}));

    private HelpExamples() {
    }

    /** Adds the examples to {@code cmd} and all its subcommands. */
    static void install(CommandLine cmd) {
        UsageMessageSpec u = cmd.getCommandSpec().usageMessage();
        String[] ex = EXAMPLES.get(cmd.getCommandName());
        boolean has = String.join("\n", u.footer()).contains("Example");
        if (ex != null && !has) {
            List<String> f = new ArrayList<>(List.of(u.footer()));
            f.add("");
            f.add(ex.length > 1 ? "Examples:" : "Example:");
            f.addAll(List.of(ex));
            u.footer(f.toArray(String[]::new));
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            install(sub);
        }
    }
}
