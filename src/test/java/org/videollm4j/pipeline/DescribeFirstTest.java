package org.videollm4j.pipeline;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.SmolVlmPrompt;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled demo model describes the video before it answers (models/demo/videollm4j.json). The runner's
 * incremental path (prefill the video with the request, generate the description, feed the end of turn and the
 * question turn, generate the answer) must equal the whole conversation rendered by the chat template, tokenised
 * in one piece and prefilled at once: same prompt length, same answer.
 */
class DescribeFirstTest {
    static final Path MODEL = Path.of("models/demo");
    static final Path VIDEO = Path.of("examples/demo-video/video.mp4");
    static CompressedQa qa;
    static CompressedQa.Encoded video;

    @BeforeAll
    static void setUp() {
        qa = CompressedQa.load(MODEL);
        video = qa.encode(VIDEO, SampledVideo.Sampling.byFps(1, 1024), s -> { });
    }

    @AfterAll
    static void tearDown() {
        qa.close();
    }

    @Test
    void theDemoModelDescribesFirst() {
        assertThat(qa.answerStyle().describesFirst()).isTrue();
        assertThat(qa.answerStyle().describeRequest()).isEqualTo("Describe the video.");
    }

    @Test
    void incrementalConversationEqualsTheWholeConversationAtOnce() {
        String q = "What digit was shown on the card?";
        CompressedQa.Answer a = qa.prepare(video, CompressionConfig.none()).ask(q, 16);
        assertThat(a.transcript()).isNotBlank().contains("card");

        SmolVlmModel m = qa.model();
        SampledVideo v = video.video();
        String text = qa.prompt().buildVideo(List.of(ChatMessage.userWithVideo(qa.answerStyle().describeRequest()),
                        ChatMessage.assistant(a.transcript()), ChatMessage.user(new ChatMessage.Text(q))),
                new SmolVlmPrompt.VideoLayout(v.timestamps(), v.durationS()), true);
        int[] ids = qa.tokenizer().encode(text);
        float[] emb = m.inputEmbeddings(ids, video.features().tokens(), video.features().frames());
        KvCache kv = m.newCache();
        int[] pos = new int[ids.length];
        Arrays.setAll(pos, i -> i);
        Generator gen = new Generator(m.textModel());
        float[] last = gen.prefill(emb, pos, kv, 512);
        GenerationResult g = gen.decode(kv, last, ids.length, GenerateOptions.greedy(16, qa.stopIds()), null);

        assertThat(a.promptTokens()).isEqualTo(ids.length);
        assertThat(a.answer()).isEqualTo(qa.decodeText(g.tokens(), g.stopped()));
        assertThat(a.trace().timingsMs()).containsKeys("describe", "generate");
    }

    @Test
    void everyQuestionStartsFromTheSamePrefixAndDirectSkipsTheDescription() {
        MethodRunner r = qa.prepare(video, CompressionConfig.none());
        CompressedQa.Answer first = r.ask("What colour was the shape right after the digit card?", 8);
        CompressedQa.Answer other = r.ask("How many times did a circle appear?", 8);
        CompressedQa.Answer again = r.ask("What colour was the shape right after the digit card?", 8);
        assertThat(again.answer()).isEqualTo(first.answer());
        assertThat(again.transcript()).isEqualTo(first.transcript()).isEqualTo(other.transcript());
        assertThat(again.promptTokens()).isEqualTo(first.promptTokens());
        assertThat(first.trace().timingsMs()).containsKey("describe");
        assertThat(other.trace().timingsMs()).doesNotContainKey("describe"); // the first question's description, kept
        // the kept description answers as a fresh runner that describes the video again
        CompressedQa.Answer fresh = qa.prepare(video, CompressionConfig.none()).ask("How many times did a circle appear?", 8);
        assertThat(fresh.answer()).isEqualTo(other.answer());
        assertThat(fresh.promptTokens()).isEqualTo(other.promptTokens());
        assertThat(fresh.transcript()).isEqualTo(other.transcript());

        // switching the same runner to answer directly drops the kept description
        qa.answerStyle(AnswerStyle.DIRECT);
        CompressedQa.Answer switched;
        try {
            switched = r.ask("What colour was the shape right after the digit card?", 8);
        } finally {
            qa.answerStyle(AnswerStyle.load(MODEL));
        }
        try (CompressedQa direct = new CompressedQa(VideoQa.load(MODEL)).answerStyle(AnswerStyle.DIRECT)) {
            CompressedQa.Answer d = direct.prepare(video, CompressionConfig.none())
                    .ask("What colour was the shape right after the digit card?", 8);
            assertThat(d.transcript()).isNull();
            assertThat(d.trace().timingsMs()).doesNotContainKey("describe");
            assertThat(d.promptTokens()).isLessThan(first.promptTokens() - 10);
            assertThat(switched.answer()).isEqualTo(d.answer());
            assertThat(switched.promptTokens()).isEqualTo(d.promptTokens());
        }
    }

    @Test
    void questionDependentMethodsDescribeTheirCompressedVideo() {
        for (CompressionConfig.Method method : List.of(CompressionConfig.Method.SNAPKV, CompressionConfig.Method.XCOMP,
                CompressionConfig.Method.RETAKE)) {
            CompressedQa.Answer a = qa.prepare(video, CompressionConfig.preset(method)).ask("What digit was shown on the card?", 8);
            assertThat(a.transcript()).as(method.word()).isNotBlank();
            assertThat(a.answer()).as(method.word()).isNotBlank();
            // the description was generated for this question (no prefix to keep it on) and is in the prompt
            assertThat(a.trace().timingsMs()).as(method.word()).containsKey("describe");
            int descriptionTokens = qa.tokenizer().encode(a.transcript()).length;
            assertThat(a.promptTokens()).as(method.word()).isGreaterThan(descriptionTokens);
        }
    }
}
