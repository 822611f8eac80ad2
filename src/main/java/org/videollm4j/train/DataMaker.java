package org.videollm4j.train;

import org.videollm4j.image.RgbImage;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.synth.FrameRenderer;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Makes training shards: for each world, its frames (rendered directly, or every {@code realEvery}-th sample
 * through the real path synth MP4 -> decode -> sample), processed by the model's image processor, and its
 * conversation tokenised with the model's template and tokenizer.
 */
public final class DataMaker {
    /** Synth frame size and frame rate: what the synth command writes and {@code ask} decodes. */
    public static final int RENDER_SIZE = 128;

    /**
     * @param realEvery   every n-th sample goes through MP4 encoding and decoding (0 = never)
     * @param singleFrame caption stage: one frame of each world (mostly one showing something) described
     *                    alone, so the vision tower learns without having to find the frame first
     * @param kinds       question kinds asked (all when null)
     * @param balanceCounts count questions: at most as many whose answer is 1 as others, so that "1" is no
     *                    longer right by default (most counted things appear once)
     * @param occurrences transcript marks each shape's running occurrence, "00:07 red circle (2nd)"
     * @param transcriptFirst fraction of samples (0..1) whose transcript turn comes first, before the questions
     * @param everyFrame  transcripts have one line per sampled frame, not one per change
     */
    public record Options(Path modelDir, Path out, long seed, int samples, int frames, int maxQuestions,
                          boolean transcript, int realEvery, int shardSamples, boolean singleFrame,
                          java.util.Set<QuestionKind> kinds, boolean balanceCounts, boolean occurrences,
                          double transcriptFirst, boolean everyFrame) {

        public Options(Path modelDir, Path out, long seed, int samples, int frames, int maxQuestions,
                       boolean transcript, int realEvery, int shardSamples, boolean singleFrame,
                       java.util.Set<QuestionKind> kinds, boolean balanceCounts, boolean occurrences) {
            this(modelDir, out, seed, samples, frames, maxQuestions, transcript, realEvery, shardSamples, singleFrame,
                    kinds, balanceCounts, occurrences, 0, false);
        }

        public Options(Path modelDir, Path out, long seed, int samples, int frames, int maxQuestions,
                       boolean transcript, int realEvery, int shardSamples, boolean singleFrame) {
            this(modelDir, out, seed, samples, frames, maxQuestions, transcript, realEvery, shardSamples, singleFrame,
                    null, false, false, 0, false);
        }

        public Options(Path modelDir, Path out, long seed, int samples, int frames, int maxQuestions,
                       boolean transcript, int realEvery, int shardSamples, boolean singleFrame,
                       java.util.Set<QuestionKind> kinds, boolean balanceCounts) {
            this(modelDir, out, seed, samples, frames, maxQuestions, transcript, realEvery, shardSamples, singleFrame,
                    kinds, balanceCounts, false, 0, false);
        }

        public Options {
            if (samples < 1 || frames < 1 || maxQuestions < 0 || shardSamples < 1 || realEvery < 0) {
                throw new IllegalArgumentException("make-data: samples, frames, shard size must be >= 1, got "
                        + samples + ", " + frames + ", " + shardSamples);
            }
            if (occurrences && (!transcript || singleFrame)) {
                throw new IllegalArgumentException("make-data: --occurrences marks the transcript of a video;"
                        + " it needs the transcript and no --single-frame");
            }
            if (!(transcriptFirst >= 0 && transcriptFirst <= 1)) {
                throw new IllegalArgumentException("make-data: --transcript-first is a fraction from 0 to 1, got "
                        + transcriptFirst);
            }
            if (transcriptFirst > 0 && (!transcript || singleFrame)) {
                throw new IllegalArgumentException("make-data: --transcript-first orders the transcript of a video;"
                        + " it needs the transcript and no --single-frame");
            }
            if (everyFrame && (!transcript || singleFrame)) {
                throw new IllegalArgumentException("make-data: --every-frame writes the transcript of a video;"
                        + " it needs the transcript and no --single-frame");
            }
            if (maxQuestions == 0 && !transcript) {
                throw new IllegalArgumentException("make-data: nothing to supervise (no questions, no transcript)");
            }
        }
    }

    private final SmolVlmProcessor processor;
    private final SampleEncoder encoder;

    public DataMaker(Path modelDir) {
        processor = SmolVlmProcessor.load(modelDir);
        Tokenizer tok = Tokenizer.load(modelDir);
        String eou = processor.tokenizerConfig().eosToken().orElse("<end_of_utterance>");
        encoder = new SampleEncoder(processor.promptBuilder(), tok, eou);
    }

    /** The questions of a world that the options ask (kinds, count balance), in their order. */
    static List<Question> asked(List<Question> questions, Options o) {
        List<Question> out = new java.util.ArrayList<>();
        int countOthers = 0;
        for (Question q : questions) {
            if (q.kind() == QuestionKind.COUNT && !q.answer().equals("1")) {
                countOthers++;
            }
        }
        int onesLeft = o.balanceCounts() ? countOthers : Integer.MAX_VALUE;
        for (Question q : questions) {
            if (o.kinds() != null && !o.kinds().contains(q.kind())) {
                continue;
            }
            if (q.kind() == QuestionKind.COUNT && q.answer().equals("1")) {
                if (onesLeft == 0) {
                    continue;
                }
                onesLeft--;
            }
            out.add(q);
        }
        return out;
    }

    public SampleEncoder encoder() {
        return encoder;
    }

    /** Writes {@code out/shard-NNNNN.safetensors}; returns the number of shards. */
    public int make(Options o, IntConsumer progress) throws IOException {
        Files.createDirectories(o.out());
        int m = processor.imageProcessor().size();
        ShardBuilder shard = new ShardBuilder(m);
        int written = 0;
        for (int i = 0; i < o.samples(); i++) {
            long seed = WorldSample.worldSeed(o.seed(), i);
            WorldSample w = WorldSample.of(seed, o.frames(), 4);
            boolean real = !o.singleFrame() && o.realEvery() > 0 && i % o.realEvery() == o.realEvery() - 1;
            Conversation c;
            if (o.singleFrame()) {
                w = oneFrame(w, new SplittableRandom(seed * 17 + 3));
                c = new Conversation(List.of(new Conversation.Turn(Conversation.DESCRIBE,
                        Conversation.transcript(w.world(), w.times()))));
            } else {
                SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
                boolean first = transcriptFirst(seed, o.transcriptFirst());
                c = Conversation.of(w.world(), asked(w.questions(), o), w.times(), o.maxQuestions(),
                        new Conversation.Layout(o.transcript(), o.occurrences(), first, o.everyFrame()), rng);
            }
            List<RgbImage> frames = real ? decoded(seed, o.frames()) : rendered(w);
            SampleEncoder.Encoded enc = encoder.encode(c, w.times(), w.world().options().durationSeconds());
            shard.add(seed, real, toBytes(processor.imageProcessor().processFrames(frames)), frames.size(), enc);
            if (shard.samples() == o.shardSamples() || i == o.samples() - 1) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("seed", o.seed());
                meta.put("first_index", i + 1 - shard.samples());
                meta.put("frames_per_sample", o.frames());
                meta.put("max_questions", o.maxQuestions());
                meta.put("transcript", o.transcript());
                meta.put("single_frame", o.singleFrame());
                meta.put("occurrences", o.occurrences());
                meta.put("transcript_first", o.transcriptFirst());
                meta.put("every_frame", o.everyFrame());
                shard.write(o.out().resolve(String.format("shard-%05d.safetensors", written)), meta);
                written++;
                shard = new ShardBuilder(m);
            }
            progress.accept(i + 1);
        }
        return written;
    }

    /** Whether the sample of world {@code seed} puts its transcript first (drawn per world, independent of the rest). */
    static boolean transcriptFirst(long seed, double fraction) {
        return fraction > 0 && new SplittableRandom(seed * 13 + 5).nextDouble() < fraction;
    }

    /** One sampled time of the world, drawn until it shows something (at most 4 tries; else the last draw). */
    static WorldSample oneFrame(WorldSample w, SplittableRandom rng) {
        double t = 0;
        for (int k = 0; k < 4; k++) {
            t = w.times().get(rng.nextInt(w.times().size()));
            if (!w.world().captionAt(t).text().equals("nothing")) {
                break;
            }
        }
        return new WorldSample(w.seed(), w.world(), List.of(), List.of(t));
    }

    static List<RgbImage> rendered(WorldSample w) {
        FrameRenderer r = new FrameRenderer(w.world());
        List<RgbImage> out = new ArrayList<>();
        for (double t : w.times()) {
            out.add(r.render(t, RENDER_SIZE, RENDER_SIZE));
        }
        return out;
    }

    /** The real path: the synth video (H.264 at 4 fps), decoded and sampled at 1 fps as {@code ask} does. */
    static List<RgbImage> decoded(long seed, int frames) throws IOException {
        Path tmp = Files.createTempDirectory("videollm4j-make-data-");
        try {
            Path dir = tmp.resolve("w");
            SynthOutput.write(WorldSample.options(frames), seed, EnumSet.allOf(QuestionKind.class), null, dir,
                    4, 18, Duration.ofMinutes(5));
            SampledVideo v = SampledVideo.read(dir.resolve(SynthOutput.VIDEO), SampledVideo.Sampling.byFps(1, frames));
            if (v.frames().size() != frames) {
                throw new IllegalStateException("decoded " + v.frames().size() + " frames of seed " + seed
                        + ", expected " + frames);
            }
            return v.frames();
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Normalised pixels (x - 127.5) / 127.5 back to bytes, (count, 3, M, M) -> (count, M, M, 3); exact. */
    static byte[] toBytes(PixelBatch px) {
        int m = px.size();
        int plane = m * m;
        byte[] out = new byte[px.count() * plane * 3];
        float[] v = px.pixelValues();
        for (int f = 0; f < px.count(); f++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    int u = Math.round(v[(f * 3 + c) * plane + p] * 127.5f + 127.5f);
                    out[(f * plane + p) * 3 + c] = (byte) Math.max(0, Math.min(255, u));
                }
            }
        }
        return out;
    }
}
