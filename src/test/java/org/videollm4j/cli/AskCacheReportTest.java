package org.videollm4j.cli;

import org.videollm4j.testutil.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** ask with the video-memory cache (hits, misses, changed videos, bad cache folders), --report, chat. */
class AskCacheReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "testdata/models/tiny-gqa-f32";

    @TempDir
    static Path dir;
    static Path videoA;
    static Path videoB;


    static CliRun run(String stdin, String... args) {
        return CliRun.withInput(stdin, args);
    }

    @BeforeAll
    static void videos() {
        for (String s : List.of("5", "6")) {
            CliRun r = run("", "synth", "--seed", s, "--frames", "24", "--fps", "4", "--size", "64", "--pacing", "brisk",
                    "--out", dir.resolve("w" + s).toString());
            assertThat(r.code()).as(r.err()).isEqualTo(0);
        }
        videoA = dir.resolve("w5/video.mp4");
        videoB = dir.resolve("w6/video.mp4");
    }

    static List<String> ask(Path video, Path cache, String... more) {
        List<String> a = new ArrayList<>(List.of("ask", video.toString(), "What shape?", "--model", MODEL,
                "--frames", "6", "--max-new-tokens", "4", "--json", "--cache-dir", cache.toString()));
        a.addAll(List.of(more));
        return a;
    }

    static JsonNode json(CliRun r) throws Exception {
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return JSON.readTree(r.out());
    }

    @Test
    void secondAskHitsTheCacheWithTheSameAnswerAndAChangedVideoMisses() throws Exception {
        Path cache = dir.resolve("cache1");
        Path v = dir.resolve("copy.mp4");
        Files.copy(videoA, v);
        JsonNode first = json(run("", ask(v, cache).toArray(String[]::new)));
        JsonNode second = json(run("", ask(v, cache).toArray(String[]::new)));
        assertThat(first.get("cache_hit").asBoolean()).isFalse();
        assertThat(second.get("cache_hit").asBoolean()).isTrue();
        assertThat(second.get("answer").asText()).isEqualTo(first.get("answer").asText());
        assertThat(second.get("trace").get("keyframes")).isEqualTo(first.get("trace").get("keyframes"));
        assertThat(second.get("timings_ms").has("vision")).isFalse();
        assertThat(first.get("timings_ms").has("vision")).isTrue();
        // another method reuses the same memory (selection is per method, the memory is not)
        JsonNode other = json(run("", ask(v, cache, "--method", "uniform", "--select-frames", "3").toArray(String[]::new)));
        assertThat(other.get("cache_hit").asBoolean()).isTrue();
        // other sampling: another memory
        List<String> a = ask(v, cache);
        a.set(a.indexOf("6"), "5");
        assertThat(json(run("", a.toArray(String[]::new))).get("cache_hit").asBoolean()).isFalse();
        // the same path with another content never reuses the old memory; the fresh answer is what --no-cache gives
        Files.copy(videoB, v, StandardCopyOption.REPLACE_EXISTING);
        JsonNode changed = json(run("", ask(v, cache).toArray(String[]::new)));
        assertThat(changed.get("cache_hit").asBoolean()).isFalse();
        JsonNode fresh = json(run("", ask(v, cache, "--no-cache").toArray(String[]::new)));
        assertThat(fresh.get("cache_hit").asBoolean()).isFalse();
        assertThat(changed.get("answer").asText()).isEqualTo(fresh.get("answer").asText());
        assertThat(changed.get("trace").get("keyframes")).isEqualTo(fresh.get("trace").get("keyframes"));
    }

    @Test
    void theCompressedKvPrefixIsReusedAndACorruptedOneRecomputed() throws Exception {
        Path cache = dir.resolve("cache5");
        String[] retake = ask(videoA, cache, "--method", "retake", "--kv-budget", "0.5").toArray(String[]::new);
        JsonNode first = json(run("", retake));
        JsonNode second = json(run("", retake));
        assertThat(first.get("timings_ms").has("prefill_video")).isTrue();
        assertThat(second.get("timings_ms").has("prefix_load")).isTrue();
        assertThat(second.get("timings_ms").has("prefill_video")).isFalse();
        assertThat(second.get("answer").asText()).isEqualTo(first.get("answer").asText());
        assertThat(second.get("trace").get("kv")).isEqualTo(first.get("trace").get("kv"));
        JsonNode fresh = json(run("", ask(videoA, cache, "--method", "retake", "--kv-budget", "0.5", "--no-cache")
                .toArray(String[]::new)));
        assertThat(fresh.get("answer").asText()).isEqualTo(first.get("answer").asText());
        // another budget: another prefix
        JsonNode other = json(run("", ask(videoA, cache, "--method", "retake", "--kv-budget", "0.25").toArray(String[]::new)));
        assertThat(other.get("timings_ms").has("prefill_video")).isTrue();
        try (Stream<Path> s = Files.list(cache)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".kvp")).toList();
            assertThat(all).hasSize(2);
            for (Path p : all) {
                Files.write(p, java.util.Arrays.copyOf(Files.readAllBytes(p), 100)); // truncated
            }
        }
        CliRun r = run("", retake);
        JsonNode again = json(r);
        assertThat(r.err()).contains("corrupted");
        assertThat(again.get("timings_ms").has("prefill_video")).isTrue();
        assertThat(again.get("answer").asText()).isEqualTo(first.get("answer").asText());
    }

    @Test
    void aCorruptedEntryIsRecomputedWithAWarning() throws Exception {
        Path cache = dir.resolve("cache2");
        JsonNode first = json(run("", ask(videoA, cache).toArray(String[]::new)));
        Path entry;
        try (Stream<Path> s = Files.list(cache)) {
            entry = s.filter(p -> p.toString().endsWith(".vmem")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= 0x40;
        Files.write(entry, b);
        CliRun r = run("", ask(videoA, cache).toArray(String[]::new));
        JsonNode again = json(r);
        assertThat(again.get("cache_hit").asBoolean()).isFalse();
        assertThat(again.get("answer").asText()).isEqualTo(first.get("answer").asText());
        assertThat(r.err()).contains("corrupted").contains("recomputing");
        assertThat(json(run("", ask(videoA, cache).toArray(String[]::new))).get("cache_hit").asBoolean()).isTrue();
    }

    @Test
    void anUnusableCacheFolderStillAnswers() throws Exception {
        Path notDir = dir.resolve("not-a-folder");
        Files.writeString(notDir, "x");
        CliRun r = run("", ask(videoA, notDir).toArray(String[]::new));
        JsonNode j = json(r);
        assertThat(j.get("cache_hit").asBoolean()).isFalse();
        assertThat(j.get("answer").asText()).isNotNull();
        assertThat(r.err()).contains("not writable").contains("without the cache");
    }

    @Test
    void reportShowsTheDescriptionOfADescribeFirstModel() throws Exception {
        Path html = dir.resolve("d.html");
        JsonNode j = json(run("", "ask", "examples/demo-video/video.mp4", "What digit was shown on the card?", "--json",
                "--no-cache", "--report", html.toString()));
        String description = j.get("description").asText();
        assertThat(description).startsWith("00:00 ").contains("digit card");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                Files.readString(html).replaceFirst("<!DOCTYPE html>", "").getBytes(StandardCharsets.UTF_8)));
        assertThat(byClass(doc, "div", "d")).singleElement()
                .satisfies(e -> assertThat(e.getTextContent()).isEqualTo("Description" + description));
    }

    @Test
    void reportIsSelfContainedWithOneThumbnailPerSampledFrame() throws Exception {
        Path html = dir.resolve("r.html");
        JsonNode j = json(run("", ask(videoA, dir.resolve("cache3"), "--method", "xcomp", "--select-frames", "3",
                "--report", html.toString()).toArray(String[]::new)));
        String text = Files.readString(html);
        assertThat(text).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.replaceFirst("<!DOCTYPE html>", "").getBytes(StandardCharsets.UTF_8)));
        List<String> ids = new ArrayList<>();
        NodeList sections = doc.getElementsByTagName("section");
        for (int i = 0; i < sections.getLength(); i++) {
            ids.add(((Element) sections.item(i)).getAttribute("id"));
        }
        assertThat(ids).containsExactly("qa", "timeline", "scores", "tokens", "kv", "timings");
        assertThat(text).contains("What shape?").contains(escape(j.get("answer").asText()));
        assertThat(byClass(doc, "div", "d")).isEmpty(); // this model answers directly: no description
        int sampled = j.get("frames_sampled").asInt();
        JsonNode trace = j.get("trace");
        List<Element> figures = byClass(doc, "figure", "frame");
        assertThat(figures).hasSize(sampled);
        List<Element> thumbs = byClass(doc, "img", "thumb");
        assertThat(thumbs).hasSize(sampled).allSatisfy(e -> assertThat(e.getAttribute("src")).startsWith("data:image/"));
        List<Integer> keyIdx = new ArrayList<>(), keptIdx = new ArrayList<>();
        trace.get("keyframes").forEach(k -> keyIdx.add(k.get("index").asInt()));
        trace.get("frames_kept").forEach(k -> keptIdx.add(k.get("index").asInt()));
        for (Element f : figures) {
            int i = Integer.parseInt(f.getAttribute("data-index"));
            List<String> cls = List.of(f.getAttribute("class").split(" "));
            assertThat(cls.contains("keyframe")).as("frame %d", i).isEqualTo(keyIdx.contains(i));
            assertThat(cls.contains("kept")).as("frame %d", i).isEqualTo(keptIdx.contains(i));
            assertThat(cls.contains("dropped")).isEqualTo(!keptIdx.contains(i));
        }
        assertThat(byClass(doc, "path", "keymark")).hasSize(keyIdx.size());
        assertThat(byClass(doc, "circle", "dot-kept")).hasSize(keptIdx.size());
        int layers = trace.get("kv").get("entries_per_layer").size();
        assertThat(byClass(doc, "rect", "text-kv")).hasSize(layers);
        assertThat(byClass(doc, "rect", "bar-tokens")).hasSize(trace.get("visual_tokens").size());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList l = doc.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void chatAnswersEveryPipedQuestionOnItsOwnLine() throws Exception {
        Path cache = dir.resolve("cache4");
        CliRun r = run("What shape?\n\nWhat colour?\n", "chat", videoA.toString(), "--model", MODEL, "--frames", "6",
                "--max-new-tokens", "4", "--cache-dir", cache.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).doesNotStartWith("> ");
        String[] lines = r.out().split("\n", -1);
        assertThat(lines).hasSize(3); // two answers, then the final newline
        // the streamed text is what ask answers
        JsonNode one = json(run("", ask(videoA, cache).toArray(String[]::new)));
        assertThat(lines[0].stripTrailing()).isEqualTo(one.get("answer").asText());
        assertThat(run("", "chat", dir.resolve("missing.mp4").toString(), "--model", MODEL, "--no-cache").code())
                .isEqualTo(3);
    }
}
