package org.videollm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.model.hf.SafetensorsFile;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.tokenizer.Tokenizer;

import java.lang.foreign.Arena;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** make-data --transcript-first: the describe turn first (with the video), then the questions. */
class TranscriptFirstTest {
    static final Path MODEL = Path.of("models/demo");

    @TempDir
    Path tmp;

    @Test
    void transcriptFirstPutsTheDescribeTurnWithTheVideo() {
        WorldSample w = WorldSample.of(WorldSample.worldSeed(3, 4), 16, 4);
        Conversation last = Conversation.of(w.world(), w.questions(), w.times(), 3, Conversation.Layout.LAST,
                new SplittableRandom(5));
        Conversation first = Conversation.of(w.world(), w.questions(), w.times(), 3,
                new Conversation.Layout(true, false, true, false), new SplittableRandom(5));
        assertThat(first.turns()).hasSize(4);
        assertThat(first.turns().getFirst()).isEqualTo(last.turns().getLast());
        assertThat(first.turns().getFirst().question()).isEqualTo(Conversation.DESCRIBE);
        assertThat(first.turns().subList(1, 4)).isEqualTo(last.turns().subList(0, 3));
        ChatMessage m = first.messages().getFirst();
        assertThat(m.hasVideo()).isTrue();
        assertThat(m.content()).contains(new ChatMessage.Text(Conversation.DESCRIBE));
        assertThatThrownBy(() -> new Conversation.Layout(false, false, true, false))
                .hasMessageContaining("need the transcript");
    }

    @Test
    void theFractionOfTranscriptFirstSamplesIsHonoured() throws Exception {
        DataMaker maker = new DataMaker(MODEL);
        Tokenizer tok = Tokenizer.load(MODEL);
        double[] fractions = {0, 0.5, 1};
        int[] firsts = new int[3];
        for (int k = 0; k < 3; k++) {
            Path out = tmp.resolve("f" + k);
            maker.make(new DataMaker.Options(MODEL, out, 8, 40, 4, 2, true, 0, 40, false, null, false, false,
                    fractions[k], false), i -> { });
            try (Arena arena = Arena.ofConfined()) {
                SafetensorsFile f = SafetensorsFile.open(out.resolve("shard-00000.safetensors"), arena);
                long[] off = ShardRoundTripTest.longs(f, "token_offsets");
                for (int s = 0; s + 1 < off.length; s++) {
                    String text = tok.decode(ShardRoundTripTest.ints(f, "input_ids", off[s], off[s + 1]), false);
                    String firstTurn = text.substring(0, text.indexOf("<end_of_utterance>"));
                    firsts[k] += firstTurn.endsWith(Conversation.DESCRIBE) ? 1 : 0;
                    // every sample has the transcript exactly once
                    assertThat(text.split(java.util.regex.Pattern.quote(Conversation.DESCRIBE), -1)).hasSize(2);
                }
            }
        }
        assertThat(firsts[0]).isZero();
        assertThat(firsts[1]).isBetween(10, 30);
        assertThat(firsts[2]).isEqualTo(40);
    }

    @Test
    void badFractionsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new DataMaker.Options(MODEL, tmp, 1, 1, 16, 8, true, 0, 1, false, null, false, false, 1.5, false))
                .hasMessageContaining("--transcript-first").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new DataMaker.Options(MODEL, tmp, 1, 1, 16, 8, false, 0, 1, false, null, false, false, 0.5, false))
                .hasMessageContaining("--transcript-first");
    }
}
