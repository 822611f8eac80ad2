package org.videollm4j.train;

import org.videollm4j.synth.Pacing;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.Questions;
import org.videollm4j.synth.Scenario;
import org.videollm4j.synth.SynthOptions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training world: the synthetic world of a seed at a length of {@code frames} seconds, sampled at 1 fps
 * (t = 0, 1, ..., frames - 1, what {@code ask --fps 1} takes from the synth video), with its questions.
 */
public record WorldSample(long seed, Scenario world, List<Question> questions, List<Double> times) {

    /** Salt for the question stream, so questions do not reuse the world's random numbers. */
    private static final long QUESTION_SALT = 0x5DEECE66DL;

    public WorldSample {
        questions = List.copyOf(questions);
        times = List.copyOf(times);
    }

    /** World options for a clip of {@code seconds}: brisk pacing for short clips, as the synth command suggests. */
    public static SynthOptions options(int seconds) {
        SynthOptions o = SynthOptions.ofSeconds(seconds);
        return o.withPacing(pacingFor(seconds));
    }

    public static Pacing pacingFor(int seconds) {
        return seconds <= 30 ? Pacing.BRISK : Pacing.DEFAULT;
    }

    public static WorldSample of(long seed, int frames, int maxPerKind) {
        Scenario world = Scenario.generate(options(frames), seed);
        List<Question> qs = Questions.generate(world, EnumSet.allOf(QuestionKind.class),
                new SplittableRandom(seed ^ QUESTION_SALT), maxPerKind);
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            times.add((double) k);
        }
        return new WorldSample(seed, world, qs, times);
    }

    /** The seed of sample {@code index} of a data set made with {@code setSeed}; sets never share worlds. */
    public static long worldSeed(long setSeed, long index) {
        return setSeed * 1_000_000L + index;
    }
}
