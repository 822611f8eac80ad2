package org.videollm4j.cli;

import org.videollm4j.generate.TextStreamer;
import org.videollm4j.memory.VideoMemories;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.MethodRunner;
import org.videollm4j.pipeline.VideoQa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j chat VIDEO}: questions on stdin, one per line; each answer streamed to stdout token by token
 * on its own line. The video is read and prepared once (and cached as {@code ask} does). Ctrl-C during an answer
 * stops that answer; Ctrl-C while waiting for a question, or end of input, ends the session.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Ask many questions about one video: the video is encoded once, answers are streamed.")
public final class ChatCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "The video file.")
    Path video;

    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    SamplingOptions sampling = new SamplingOptions();

    @Option(names = "--max-new-tokens", defaultValue = "48", paramLabel = "N", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Mixin
    CompressionOptions compression = new CompressionOptions();

    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Mixin
    AnswerStyleOption answerStyle = new AnswerStyleOption();

    @Override
    public Integer call() throws Exception {
        var s = sampling.toSampling();
        UsageException.requireAtLeast("--max-new-tokens", 1, maxNewTokens);
        CompressionConfig config = compression.single();
        boolean tty = Terminal.stdinIsTerminal();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (VideoQa base = VideoQa.load(model.dir())) {
            CompressedQa qa = answerStyle.apply(new CompressedQa(base));
            MethodRunner runner;
            try (StageBars bars = StageBars.forStderr("chat", false)) {
                var cache = memory.open();
                VideoMemories.Loaded m = VideoMemories.load(qa, video, s, cache, bars);
                runner = qa.prepare(m.encoded(), config, VideoMemories.prefixStore(cache, m), bars);
            } catch (CompressionConfig.Invalid e) {
                throw new UsageException(e.getMessage());
            }
            if (tty) {
                System.err.println("chat: ready; one question per line, Ctrl-D to end, Ctrl-C stops an answer.");
            }
            try (Interrupts ints = Interrupts.install()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                while (true) {
                    if (tty) {
                        out.print("> ");
                        out.flush();
                    }
                    String q = in.readLine();
                    if (q == null) {
                        return 0;
                    }
                    if (q.isBlank()) {
                        continue;
                    }
                    answer(runner, base, q.strip(), out, ints);
                }
            }
        }
    }

    private void answer(MethodRunner runner, VideoQa base, String q, PrintStream out, Interrupts ints) {
        ints.answering(true);
        boolean[] started = {false}; // the answer's leading space (a token's prefix) is not printed, as ask strips it
        TextStreamer streamer = new TextStreamer(base.tokenizer(), piece -> {
            if (ints.cancelled()) {
                throw new Interrupts.Cancelled();
            }
            String text = started[0] ? piece : piece.stripLeading();
            started[0] |= !text.isEmpty();
            out.print(text);
            out.flush();
        });
        try {
            runner.ask(q, maxNewTokens, id -> {
                if (ints.cancelled()) {
                    throw new Interrupts.Cancelled();
                }
                streamer.accept(id);
            });
            out.println();
        } catch (Interrupts.Cancelled c) {
            out.println();
            System.err.println("chat: answer stopped");
        } finally {
            ints.answering(false);
        }
    }
}
