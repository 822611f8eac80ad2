package org.videollm4j.cli;

import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.train.WorldSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j make-eval-grid}: held-out worlds on a needle grid (lengths x depths) for the V-NIAH-style
 * heatmap: {@code OUT/len-LLLL/depth-D.DD-r/} synth folders, one evaluation set per length, so
 * {@code eval --set OUT/len-0032 --set OUT/len-0064 ...} compares lengths. Worlds use the training data's
 * options for their length ({@link WorldSample#options}); world k of the grid has seed S*1000000 + k.
 */
@Command(name = "make-eval-grid", mixinStandardHelpOptions = true,
        description = "Generate held-out evaluation worlds on a needle grid: video lengths x needle depths.")
public final class MakeEvalGridCommand implements Callable<Integer> {
    @Option(names = "--lengths", required = true, paramLabel = "T,T", description = "Video lengths in seconds, e.g. 32,64,128.")
    String lengths;
    @Option(names = "--depths", defaultValue = "0,0.25,0.5,0.75,1", paramLabel = "D,D", description = "Needle depths in [0, 1] (default: ${DEFAULT-VALUE}).")
    String depths;
    @Option(names = "--per-cell", defaultValue = "1", paramLabel = "N", description = "Worlds per (length, depth) cell (default: ${DEFAULT-VALUE}).")
    int perCell;
    @Option(names = "--seed", required = true, paramLabel = "S", description = "Grid seed (use one the training never saw).")
    long seed;
    @Option(names = "--kinds", defaultValue = "needle,attribute,order,count", paramLabel = "K,K", description = "Question kinds (default: ${DEFAULT-VALUE}).")
    String kinds;
    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<QuestionKind> ks;
        List<Integer> ls = new ArrayList<>();
        List<Double> ds = new ArrayList<>();
        try {
            ks = QuestionKind.parseList(kinds);
            for (String l : lengths.split(",")) {
                int v = Integer.parseInt(l.strip());
                WorldSample.options(v); // validates the length
                ls.add(v);
            }
            for (String d : depths.split(",")) {
                double v = Double.parseDouble(d.strip());
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("--depths: each depth must be in [0, 1], got " + v);
                }
                ds.add(v);
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--lengths/--depths: not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (perCell < 1) {
            throw new UsageException("--per-cell must be at least 1, got " + perCell);
        }
        if (!ks.contains(QuestionKind.NEEDLE)) {
            throw new UsageException("--kinds must include needle: the grid is about the needle");
        }
        long k = 0;
        int total = ls.size() * ds.size() * perCell;
        for (int l : ls) {
            Path set = out.resolve(String.format(Locale.ROOT, "len-%04d", l));
            for (double d : ds) {
                for (int r = 0; r < perCell; r++) {
                    SynthOptions o = WorldSample.options(l).withNeedleDepth(d);
                    Path dir = set.resolve(String.format(Locale.ROOT, "depth-%.2f-%d", d, r));
                    SynthOutput.write(o, WorldSample.worldSeed(seed, k), ks, null, dir, 4, 18, Duration.ofMinutes(10));
                    k++;
                    System.err.printf("make-eval-grid: %d/%d worlds%n", k, total);
                }
            }
        }
        System.out.printf("%s: %d lengths x %d depths x %d = %d worlds%n", out, ls.size(), ds.size(), perCell, total);
        return 0;
    }
}
