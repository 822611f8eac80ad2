package org.videollm4j.train;

import org.junit.jupiter.api.Test;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.synth.CardEvent;
import org.videollm4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SampleEncoderTest {
    static final Path MODEL = Path.of("models/demo");

    @Test
    void maskMarksExactlyEachAnswerAndItsEndOfUtterance() {
        SmolVlmProcessor proc = SmolVlmProcessor.load(MODEL);
        Tokenizer tok = Tokenizer.load(MODEL);
        SampleEncoder enc = new SampleEncoder(proc.promptBuilder(), tok, "<end_of_utterance>");
        int eou = tok.tokenId("<end_of_utterance>").getAsInt();
        for (long seed = 1; seed <= 5; seed++) {
            WorldSample w = WorldSample.of(seed, 8, 4);
            Conversation c = Conversation.of(w.world(), w.questions(), w.times(), 3, true, new SplittableRandom(seed));
            SampleEncoder.Encoded e = enc.encode(c, w.times(), 8);
            // the masked runs, decoded, are the answers followed by <end_of_utterance>, in order
            List<String> runs = new ArrayList<>();
            List<Integer> cur = new ArrayList<>();
            for (int i = 0; i <= e.ids().length; i++) {
                if (i < e.ids().length && e.lossMask()[i] == 1) {
                    cur.add(e.ids()[i]);
                } else if (!cur.isEmpty()) {
                    assertThat(cur.getLast()).isEqualTo(eou);
                    runs.add(tok.decode(cur.subList(0, cur.size() - 1).stream().mapToInt(x -> x).toArray(), false));
                    cur.clear();
                }
            }
            assertThat(runs).hasSize(c.turns().size());
            for (int t = 0; t < runs.size(); t++) {
                assertThat(runs.get(t)).isEqualTo(" " + c.turns().get(t).answer());
            }
            assertThat(tok.encode(e.text())).containsExactly(e.ids());
            assertThat(e.text()).contains("\nFrame from 00:07:");
        }
    }

    @Test
    void transcriptNamesEveryEventAtItsFirstSampledFrame() {
        WorldSample w = WorldSample.of(42, 16, 4);
        String t = Conversation.transcript(w.world(), w.times());
        for (CardEvent c : w.world().cards()) {
            assertThat(t).contains(c.kind().word() + " card " + c.text());
        }
        assertThat(t.lines().count()).isGreaterThanOrEqualTo(w.world().shapes().size());
        assertThat(t).startsWith("00:00 ");
    }
}
