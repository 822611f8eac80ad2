package org.videollm4j.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The files a world is written as: {@code world.json} (the full timeline) and {@code questions.jsonl}
 * (one question per line). Field order is fixed, so the same world gives the same bytes.
 */
public final class SynthJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SynthJson() {
    }

    /** @param backgroundVideo file name of the background video, or null */
    public static String world(Scenario s, String backgroundVideo) {
        SynthOptions o = s.options();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("seed", s.seed());
        root.put("duration_s", o.durationSeconds());
        root.put("fps", o.fps());
        root.put("frame_count", o.frameCount());
        root.put("width", o.width());
        root.put("height", o.height());
        root.put("needle_depth", s.needle().depthIn(s.durationMs()));
        if (backgroundVideo != null) {
            root.put("background_video", backgroundVideo);
        }
        ArrayNode scenes = root.putArray("scenes");
        for (Scene sc : s.scenes()) {
            ObjectNode n = scenes.addObject();
            n.put("index", sc.index());
            n.put("start_s", sc.startMs() / 1000.0);
            n.put("end_s", sc.endMs() / 1000.0);
            n.put("background", sc.background().word());
            if (sc.background() == BackgroundKind.VIDEO) {
                n.put("source_fraction", sc.sourceFraction());
            } else {
                n.put("colour_a", String.format("#%06x", sc.colourA()));
                n.put("colour_b", String.format("#%06x", sc.colourB()));
                n.put("angle", sc.angle());
                n.put("detail", sc.detail());
                n.put("texture_seed", sc.textureSeed());
            }
        }
        ArrayNode shapes = root.putArray("shapes");
        for (ShapeEvent e : s.shapes()) {
            ObjectNode n = shapes.addObject();
            n.put("id", e.id());
            n.put("shape", e.shape().word());
            n.put("colour", e.colour().word());
            n.put("start_s", e.startSeconds());
            n.put("end_s", e.endSeconds());
            n.put("x0", e.x0());
            n.put("y0", e.y0());
            n.put("x1", e.x1());
            n.put("y1", e.y1());
            n.put("radius", e.radius());
        }
        ArrayNode cards = root.putArray("cards");
        for (CardEvent c : s.cards()) {
            ObjectNode n = cards.addObject();
            n.put("id", c.id());
            n.put("kind", c.kind().word());
            n.put("text", c.text());
            n.put("start_s", c.startSeconds());
            n.put("end_s", c.endSeconds());
            n.put("inverted", c.inverted());
            n.put("needle", c.needle());
            n.put("depth", c.depthIn(s.durationMs()));
        }
        ArrayNode captions = root.putArray("captions_1fps"); // what a 1 fps sampler at t = 0, 1, 2, ... sees
        for (long t = 0; t * 1000 < s.durationMs(); t++) {
            captions.add(s.captionAt(t).text());
        }
        try {
            return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write world.json", e);
        }
    }

    /** One JSON object per line: question, answer, kind, event_times_s, needle_depth (needle only), options. */
    public static String questions(List<Question> questions) {
        StringBuilder sb = new StringBuilder();
        for (Question q : questions) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("question", q.question());
            n.put("answer", q.answer());
            n.put("kind", q.kind().word());
            ArrayNode times = n.putArray("event_times_s");
            for (TimedEvent e : q.evidence()) {
                times.addArray().add(e.startSeconds()).add(e.endSeconds());
            }
            if (!Double.isNaN(q.needleDepth())) {
                n.put("needle_depth", q.needleDepth());
            }
            ArrayNode options = n.putArray("options");
            q.options().forEach(options::add);
            try {
                sb.append(MAPPER.writeValueAsString(n)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write a question", e);
            }
        }
        return sb.toString();
    }
}
