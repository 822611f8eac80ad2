package org.videollm4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.videollm4j.pipeline.EvalSet;
import org.videollm4j.synth.SynthJson;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The true per-frame transcript of every world of an evaluation set, at the frames {@code ask --fps 1} samples:
 * what a describe-first model's description should say. Written in the shape of {@code eval --json} (each question
 * with its {@code description}), so {@code training/demo/read_descriptions.py} answers the set from the truth: how
 * much of it is answerable from a perfect description. The world is rebuilt from the seed in its
 * {@code world.json}, and that file must come out byte for byte (a set made with other options or a background
 * video is refused, not described wrongly).
 */
public final class TrueTranscripts {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrueTranscripts() {
    }

    /** The per-frame transcript of the synth world in {@code worldDir} (its {@code world.json}). */
    public static String of(Path worldDir) {
        Path file = worldDir.resolve(SynthOutput.WORLD);
        String stored;
        JsonNode root;
        try {
            stored = Files.readString(file, StandardCharsets.UTF_8);
            root = MAPPER.readTree(stored);
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read the world: " + e.getMessage(), e);
        }
        JsonNode seed = root.get("seed");
        JsonNode duration = root.get("duration_s");
        if (seed == null || !seed.canConvertToLong() || duration == null || !duration.isNumber()) {
            throw BadInputException.file(file, "no integer \"seed\" and numeric \"duration_s\": not a synth world");
        }
        double seconds = duration.asDouble();
        if (seconds != Math.rint(seconds) || seconds < 1) {
            throw BadInputException.file(file, "duration_s " + seconds + " is not a whole number of seconds");
        }
        WorldSample w = WorldSample.of(seed.asLong(), (int) seconds, Integer.MAX_VALUE);
        if (!SynthJson.world(w.world(), null).equals(stored)) {
            throw BadInputException.file(file, "seed " + seed.asLong() + " at " + (int) seconds
                    + " s does not rebuild this world (made with other options or a background video?)");
        }
        return Conversation.transcript(w.world(), w.times(), false, true);
    }

    /** {@code {"model": "true transcripts", "sets": [{"set", "questions": [{video, kind, question, expected, description}]}]}}. */
    public static ObjectNode json(List<Path> sets) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("model", "true transcripts");
        ArrayNode arr = out.putArray("sets");
        for (Path dir : sets) {
            ObjectNode s = arr.addObject();
            s.put("set", dir.toString());
            ArrayNode qs = s.putArray("questions");
            for (EvalSet.World world : EvalSet.read(dir).worlds()) {
                String transcript = of(world.dir());
                for (EvalSet.Item item : world.questions()) {
                    ObjectNode q = qs.addObject();
                    q.put("video", world.video().toString());
                    q.put("kind", item.kind());
                    q.put("question", item.question());
                    q.put("expected", item.answer());
                    q.put("description", transcript);
                }
            }
        }
        return out;
    }
}
