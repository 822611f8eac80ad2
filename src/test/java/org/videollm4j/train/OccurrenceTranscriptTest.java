package org.videollm4j.train;

import org.junit.jupiter.api.Test;
import org.videollm4j.synth.Question;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.ShapeEvent;
import org.videollm4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** make-data --occurrences: the transcript marks each shape's running occurrence, "00:07 red circle (2nd)". */
class OccurrenceTranscriptTest {
    private static final Pattern MARK = Pattern.compile("(\\w+ \\w+) \\((\\d+)(st|nd|rd|th)\\)");

    @Test
    void ordinalWords() {
        int[] n = {1, 2, 3, 4, 9, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112};
        String[] w = {"1st", "2nd", "3rd", "4th", "9th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th", "112th"};
        for (int i = 0; i < n.length; i++) {
            assertThat(Conversation.ordinalWord(n[i])).isEqualTo(w[i]);
        }
        assertThatThrownBy(() -> Conversation.ordinalWord(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void marksAgreeWithCountAnswersAndLeaveThePlainTranscriptOtherwiseAlone() {
        int fullyVisibleRepeats = 0;
        for (int i = 0; i < 80; i++) {
            WorldSample w = WorldSample.of(WorldSample.worldSeed(4242, i), 16, 4);
            String plain = Conversation.transcript(w.world(), w.times());
            String marked = Conversation.transcript(w.world(), w.times(), true);
            assertThat(Conversation.transcript(w.world(), w.times(), false)).isEqualTo(plain);

            // Without the marks (and merging lines that only the marks told apart) it is the plain transcript.
            List<String> stripped = new ArrayList<>();
            for (String line : marked.split("\n")) {
                String s = MARK.matcher(line).replaceAll("$1");
                if (stripped.isEmpty() || !body(stripped.getLast()).equals(body(s))) {
                    stripped.add(s);
                }
            }
            assertThat(String.join("\n", stripped)).isEqualTo(plain);

            // Per label, the marks seen in time order: distinct sampled events, each numbered by its place.
            Map<String, Set<Integer>> marks = new HashMap<>();
            for (String line : marked.split("\n")) {
                Matcher m = MARK.matcher(line);
                while (m.find()) {
                    marks.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(Integer.parseInt(m.group(2)));
                }
            }
            Map<String, Set<Integer>> visible = new HashMap<>();
            for (double t : w.times()) {
                for (ShapeEvent e : w.world().captionAt(t).shapes()) {
                    visible.computeIfAbsent(e.label(), k -> new LinkedHashSet<>()).add(e.id());
                }
            }
            assertThat(marks.keySet()).isEqualTo(visible.keySet());
            for (Question q : w.questions()) {
                if (q.kind() != QuestionKind.COUNT || !q.question().startsWith("How many times did the ")) {
                    continue;
                }
                String label = q.question().substring("How many times did the ".length(),
                        q.question().length() - " appear?".length());
                int answer = Integer.parseInt(q.answer());
                List<Integer> seen = new ArrayList<>(marks.getOrDefault(label, Set.of()));
                assertThat(seen).hasSize(visible.getOrDefault(label, Set.of()).size());
                assertThat(seen).isSorted().allMatch(k -> k >= 1 && k <= answer);
                if (seen.size() == answer) {
                    // every occurrence sampled: the marks are exactly 1..answer, the last one is the count
                    assertThat(seen).isEqualTo(java.util.stream.IntStream.rangeClosed(1, answer).boxed().toList());
                    if (answer > 1) {
                        fullyVisibleRepeats++;
                    }
                }
            }
        }
        assertThat(fullyVisibleRepeats).as("worlds where a repeated shape is fully sampled").isGreaterThan(5);
    }

    private static String body(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    @Test
    void theOccurrenceNumberIsOneTokenOfTheMark() {
        // The demo tokenizer has few merges: " (2nd)" is 6 tokens, but the number is a token of its own, so the
        // count is one prediction and the rest of the mark follows from it.
        Tokenizer tok = Tokenizer.load(Path.of("models/demo"));
        for (int n = 1; n <= 9; n++) {
            int[] digit = tok.encode(Integer.toString(n));
            assertThat(digit).hasSize(1);
            assertThat(tok.encode(" (" + Conversation.ordinalWord(n) + ")")).contains(digit[0]);
        }
    }

    @Test
    void optionsRefuseMarksWithoutAVideoTranscript() {
        Path m = Path.of("models/demo");
        assertThatThrownBy(() -> new DataMaker.Options(m, Path.of("x"), 1, 1, 16, 8, false, 0, 1, false, null, false,
                true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--occurrences");
        assertThatThrownBy(() -> new DataMaker.Options(m, Path.of("x"), 1, 1, 16, 0, true, 0, 1, true, null, false,
                true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--single-frame");
        assertThat(new DataMaker.Options(m, Path.of("x"), 1, 1, 16, 8, true, 0, 1, false, null, false, true)
                .occurrences()).isTrue();
    }
}
