package org.videollm4j.api;

import org.videollm4j.generate.TextStreamer;
import org.videollm4j.memory.MemoryCache;
import org.videollm4j.memory.VideoMemories;
import org.videollm4j.memory.VideoMemory;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.CompressionTrace;
import org.videollm4j.pipeline.MethodRunner;
import org.videollm4j.pipeline.ModelPaths;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.pipeline.VideoQa;
import org.videollm4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Video question answering for applications: load a model once, open videos (each keeps its "video memory":
 * frames encoded once, and the compressed prefix where the method allows), ask questions, stream answers.
 *
 * <pre>{@code
 * try (VideoLlm llm = VideoLlm.builder().model(Path.of("models/demo")).method(CompressionConfig.Method.RETAKE).build()) {
 *     VideoLlm.Video v = llm.open(Path.of("talk.mp4"));
 *     System.out.println(v.ask("What colour was the triangle?").answer());
 * }
 * }</pre>
 *
 * Not thread-safe: one question at a time per {@code VideoLlm}. Errors in the caller's input (a missing video,
 * a bad model folder) are {@link org.videollm4j.util.BadInputException}s; a method that cannot run on the
 * model or video is a {@link CompressionConfig.Invalid}.
 */
public final class VideoLlm implements AutoCloseable {
    private final VideoQa base;
    private final CompressedQa qa;
    private final Tokenizer tokenizer;
    private final Builder settings;
    private final MemoryCache cache;

    /**
     * One answer.
     *
     * @param answer          the text
     * @param trace           what compression did (frames kept, tokens per stage, KV cache, timings)
     * @param cacheHit        whether the video's memory came from the on-disk cache
     * @param promptTokens    tokens in the prompt
     * @param generatedTokens tokens generated (with the stop token)
     * @param description     the model's description of the video before it answered (a describe-first model,
     *                        {@link org.videollm4j.pipeline.AnswerStyle}), else null
     */
    public record Reply(String answer, CompressionTrace trace, boolean cacheHit, int promptTokens, int generatedTokens,
                        String description) {
    }

    private VideoLlm(Builder b) {
        this.settings = b.copy();
        this.base = VideoQa.load(ModelPaths.orDefault(b.model));
        this.qa = new CompressedQa(base);
        if (b.answerDirectly) {
            qa.answerStyle(org.videollm4j.pipeline.AnswerStyle.DIRECT);
        }
        this.tokenizer = base.tokenizer();
        this.cache = b.noCache ? MemoryCache.disabled()
                : MemoryCache.open(b.cacheDir != null ? b.cacheDir : MemoryCache.defaultDir(), b.warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Loads the bundled demo model with the default settings (no compression, 1 frame per second). */
    public static VideoLlm load() {
        return builder().build();
    }

    /** Reads a video (or takes its memory from the cache) and prepares it for questions with the chosen method. */
    public Video open(Path video) {
        VideoMemories.Loaded m = VideoMemories.load(qa, video, settings.sampling(), cache, settings.progress);
        return new Video(m, qa.prepare(m.encoded(), settings.config, VideoMemories.prefixStore(cache, m), settings.progress));
    }

    @Override
    public void close() {
        base.close();
    }

    /** An opened video: its memory and the method's prepared state; ask it as many questions as you like. */
    public final class Video {
        private final VideoMemories.Loaded memory;
        private final MethodRunner runner;

        private Video(VideoMemories.Loaded memory, MethodRunner runner) {
            this.memory = memory;
            this.runner = runner;
        }

        /** The question-independent results: timestamps, visual features, thumbnails. */
        public VideoMemory memory() {
            return memory.memory();
        }

        /** Whether the memory came from the cache. */
        public boolean cacheHit() {
            return memory.cacheHit();
        }

        public Reply ask(String question) {
            return ask(question, null);
        }

        /**
         * Answers, passing the answer's text to {@code onText} piece by piece as it is generated (null: no
         * streaming). An exception thrown by {@code onText} stops the answer and propagates; the video stays
         * ready for the next question.
         */
        public Reply ask(String question, Consumer<String> onText) {
            TextStreamer s = onText == null ? null : new TextStreamer(tokenizer, onText);
            CompressedQa.Answer a = runner.ask(question, settings.maxNewTokens, s);
            return new Reply(a.answer(), a.trace(), memory.cacheHit(), a.promptTokens(), a.generatedTokens(),
                    a.transcript());
        }

        /** The frame selection of the last answer (for reports), or null. */
        public org.videollm4j.compress.FrameSelection lastSelection() {
            return runner.lastSelection();
        }
    }

    /** Settings: model folder, compression method, sampling, answer length, cache. */
    public static final class Builder {
        private Path model;
        private CompressionConfig config = CompressionConfig.none();
        private double fps = 1.0;
        private int frames;
        private int maxFrames = 1024;
        private int maxNewTokens = 48;
        private Path cacheDir;
        private boolean noCache;
        private boolean answerDirectly;
        private Consumer<String> progress = s -> { };
        private Consumer<String> warnings = System.err::println;

        private Builder() {
        }

        /** The model folder (default: the bundled demo model, {@code models/demo}). */
        public Builder model(Path dir) {
            this.model = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A compression preset with its default knobs. */
        public Builder method(CompressionConfig.Method m) {
            this.config = CompressionConfig.preset(m);
            return this;
        }

        /** A full compression configuration (presets plus knobs). */
        public Builder compression(CompressionConfig c) {
            this.config = Objects.requireNonNull(c, "c");
            return this;
        }

        /** Sample {@code fps} frames per second, at most {@code maxFrames} (default 1 per second, 1024). */
        public Builder fps(double fps, int maxFrames) {
            SampledVideo.Sampling.byFps(fps, maxFrames); // validates
            this.fps = fps;
            this.maxFrames = maxFrames;
            this.frames = 0;
            return this;
        }

        /** Sample exactly {@code n} frames, evenly spread. */
        public Builder frames(int n) {
            SampledVideo.Sampling.count(n); // validates
            this.frames = n;
            return this;
        }

        public Builder maxNewTokens(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + n);
            }
            this.maxNewTokens = n;
            return this;
        }

        /** Where video memories are cached (default: {@code ~/.cache/videollm4j}). */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            this.noCache = false;
            return this;
        }

        /** Asks the question right after the video even when the model describes the video first. */
        public Builder answerDirectly() {
            this.answerDirectly = true;
            return this;
        }

        /** Keeps video memories in process only. */
        public Builder noCache() {
            this.noCache = true;
            return this;
        }

        /** Receives progress lines (default: none). */
        public Builder progress(Consumer<String> p) {
            this.progress = Objects.requireNonNull(p, "p");
            return this;
        }

        /** Receives one-line cache warnings (default: stderr). */
        public Builder warnings(Consumer<String> w) {
            this.warnings = Objects.requireNonNull(w, "w");
            return this;
        }

        public VideoLlm build() {
            return new VideoLlm(this);
        }

        SampledVideo.Sampling sampling() {
            return frames > 0 ? SampledVideo.Sampling.count(frames) : SampledVideo.Sampling.byFps(fps, maxFrames);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.model = model;
            b.config = config;
            b.fps = fps;
            b.frames = frames;
            b.maxFrames = maxFrames;
            b.maxNewTokens = maxNewTokens;
            b.cacheDir = cacheDir;
            b.noCache = noCache;
            b.answerDirectly = answerDirectly;
            b.progress = progress;
            b.warnings = warnings;
            return b;
        }
    }
}
