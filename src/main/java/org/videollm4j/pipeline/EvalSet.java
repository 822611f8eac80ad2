package org.videollm4j.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An evaluation set as the synth command writes it: a folder with {@code video.mp4} and {@code questions.jsonl},
 * or a folder of such folders (e.g. {@code make-data eval-set}), taken in name order.
 */
public record EvalSet(Path dir, List<World> worlds) {

    public static final String VIDEO = "video.mp4";
    public static final String QUESTIONS = "questions.jsonl";

    /** One video and its questions. */
    public record World(Path dir, List<Item> questions) {
        public Path video() {
            return dir.resolve(VIDEO);
        }
    }

    /** One question with its expected answer and kind. */
    public record Item(String question, String answer, String kind) {
    }

    public static EvalSet read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw BadInputException.file(dir, "evaluation set folder not found");
        }
        List<World> worlds = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(QUESTIONS))) {
            worlds.add(world(dir));
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(d -> Files.isRegularFile(d.resolve(QUESTIONS))).sorted().toList()) {
                    worlds.add(world(p));
                }
            } catch (IOException e) {
                throw BadInputException.file(dir, "cannot list: " + e.getMessage(), e);
            }
        }
        if (worlds.isEmpty()) {
            throw BadInputException.file(dir, "holds no " + QUESTIONS + " (neither itself nor a sub-folder)");
        }
        return new EvalSet(dir, worlds);
    }

    private static World world(Path dir) {
        Path q = dir.resolve(QUESTIONS);
        if (!Files.isRegularFile(dir.resolve(VIDEO))) {
            throw BadInputException.file(dir, "has " + QUESTIONS + " but no " + VIDEO);
        }
        List<Item> items = new ArrayList<>();
        ObjectMapper om = new ObjectMapper();
        try {
            int line = 0;
            for (String l : Files.readAllLines(q, StandardCharsets.UTF_8)) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n = om.readTree(l);
                if (!n.hasNonNull("question") || !n.hasNonNull("answer") || !n.hasNonNull("kind")) {
                    throw BadInputException.file(q, "line " + line + " lacks question, answer or kind");
                }
                items.add(new Item(n.get("question").asText(), n.get("answer").asText(), n.get("kind").asText()));
            }
        } catch (IOException e) {
            throw BadInputException.file(q, "not readable JSON lines: " + e.getMessage(), e);
        }
        return new World(dir, items);
    }

    /** Scoring: the answer matches when equal to the expected one, ignoring case and surrounding blanks/dots. */
    public static boolean matches(String expected, String answer) {
        return norm(expected).equals(norm(answer));
    }

    private static String norm(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }
}
