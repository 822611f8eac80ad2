package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.train.Corpus;
import org.videollm4j.train.DataMaker;
import org.videollm4j.train.TrueTranscripts;
import org.videollm4j.train.WorldSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code videollm4j make-data}: training data for the demo model (corpus, shards, held-out evaluation sets). */
@Command(name = "make-data", mixinStandardHelpOptions = true,
        description = "Make the demo model's training data: the tokenizer corpus, training shards, or evaluation sets.",
        subcommands = {MakeDataCommand.CorpusCmd.class, MakeDataCommand.ShardsCmd.class, MakeDataCommand.EvalSetCmd.class,
                MakeDataCommand.TranscriptsCmd.class})
public final class MakeDataCommand implements Runnable {

    /** Writes text to a temporary file beside {@code out}, then moves it in place: no half-written file. */
    static void writeAtomically(Path out, String text) throws java.io.IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void run() {
        throw new UsageException("make-data: name what to make: corpus, shards, eval-set or transcripts");
    }

    @Command(name = "corpus", mixinStandardHelpOptions = true, description = "Text the demo tokenizer's BPE is trained on.")
    static final class CorpusCmd implements Callable<Integer> {
        @Option(names = "--seed", defaultValue = "1", description = "Seed of the worlds (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--worlds", defaultValue = "2000", description = "Worlds to describe (default: ${DEFAULT-VALUE}).")
        int worlds;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() throws Exception {
            String text = Corpus.build(seed, worlds);
            writeAtomically(out, text);
            System.out.printf("%s: %d characters from %d worlds%n", out, text.length(), worlds);
            return 0;
        }
    }

    @Command(name = "shards", mixinStandardHelpOptions = true,
            description = "Training shards: frames as the processor makes them, tokenised conversations, loss masks.")
    static final class ShardsCmd implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder (tokenizer, template, processor).")
        Path model;
        @Option(names = "--seed", required = true, paramLabel = "S", description = "Set seed: world i has seed S*1000000+i.")
        long seed;
        @Option(names = "--samples", required = true, paramLabel = "N")
        int samples;
        @Option(names = "--frames", required = true, paramLabel = "T", description = "Frames per video (1 fps, T seconds).")
        int frames;
        @Option(names = "--questions", defaultValue = "8", description = "Question turns per video (default: ${DEFAULT-VALUE}).")
        int questions;
        @Option(names = "--no-transcript", description = "Leave out the transcript turn.")
        boolean noTranscript;
        @Option(names = "--real-every", defaultValue = "10",
                description = "Every K-th sample goes through MP4 encode + decode (0 = none; default: ${DEFAULT-VALUE}).")
        int realEvery;
        @Option(names = "--shard-samples", defaultValue = "256", description = "Samples per shard (default: ${DEFAULT-VALUE}).")
        int shardSamples;
        @Option(names = "--single-frame", description = "Caption stage: one frame per world, described alone.")
        boolean singleFrame;
        @Option(names = "--kinds", paramLabel = "K,K", description = "Question kinds to ask: needle, attribute, order, count (default: all).")
        String kinds;
        @Option(names = "--balance-counts", description = "Count questions: at most as many answered 1 as answered 2 or more.")
        boolean balanceCounts;
        @Option(names = "--occurrences", description = "Transcript marks each shape's occurrence: \"00:07 red circle (2nd)\".")
        boolean occurrences;
        @Option(names = "--transcript-first", defaultValue = "0", paramLabel = "P",
                description = "Fraction of samples whose transcript turn comes first, before the questions"
                        + " (default: ${DEFAULT-VALUE}).")
        double transcriptFirst;
        @Option(names = "--every-frame", description = "Transcripts have one line per sampled frame, not one per change.")
        boolean everyFrame;
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            DataMaker.Options o;
            try {
                o = new DataMaker.Options(model, out, seed, samples, frames, questions, !noTranscript, realEvery,
                        shardSamples, singleFrame, kinds == null ? null : org.videollm4j.synth.QuestionKind.parseList(kinds),
                        balanceCounts, occurrences, transcriptFirst, everyFrame);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            long t0 = System.nanoTime();
            int shards = new DataMaker(model).make(o, i -> {
                if (i % 100 == 0) {
                    System.err.printf("make-data: %d/%d samples%n", i, samples);
                }
            });
            System.out.printf("%s: %d samples in %d shards (%.1f s)%n", out, samples, shards,
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "eval-set", mixinStandardHelpOptions = true,
            description = "A held-out evaluation set: DIR/world-NNNN/ synth folders (video.mp4, questions.jsonl).")
    static final class EvalSetCmd implements Callable<Integer> {
        @Option(names = "--seed", required = true, paramLabel = "S", description = "Set seed: world i has seed S*1000000+i.")
        long seed;
        @Option(names = "--count", defaultValue = "20", description = "Worlds (default: ${DEFAULT-VALUE}).")
        int count;
        @Option(names = "--frames", required = true, paramLabel = "T", description = "Length in seconds (= frames at 1 fps).")
        int frames;
        @Option(names = "--kinds", defaultValue = "needle,attribute,order,count", paramLabel = "K,K")
        String kinds;
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            EnumSet<QuestionKind> ks = EnumSet.noneOf(QuestionKind.class);
            try {
                ks.addAll(QuestionKind.parseList(kinds));
                WorldSample.options(frames);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (count < 1) {
                throw new UsageException("--count must be at least 1, got " + count);
            }
            int q = 0;
            for (int i = 0; i < count; i++) {
                long s = WorldSample.worldSeed(seed, i);
                q += SynthOutput.write(WorldSample.options(frames), s, ks, null, out.resolve(String.format("world-%04d", i)),
                        4, 18, Duration.ofMinutes(10)).questions().size();
                System.err.printf("eval-set: %d/%d worlds%n", i + 1, count);
            }
            System.out.printf("%s: %d worlds of %d s, %d questions%n", out, count, frames, q);
            return 0;
        }
    }

    @Command(name = "transcripts", mixinStandardHelpOptions = true,
            description = {"The true per-frame transcript of every world of evaluation sets, in the shape of"
                    + " `eval --json` (each question with its \"description\"): what a perfect description says.",
                    "training/demo/read_descriptions.py FILE answers the sets from it by rules."})
    static final class TranscriptsCmd implements Callable<Integer> {
        @Option(names = "--set", required = true, paramLabel = "DIR", description = "An eval-set folder (repeatable).")
        List<Path> sets;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() throws Exception {
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(TrueTranscripts.json(sets));
            writeAtomically(out, json + "\n");
            System.out.printf("%s: true transcripts of %d set(s)%n", out, sets.size());
            return 0;
        }
    }
}
