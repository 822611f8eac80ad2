package org.videollm4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.function.Consumer;

/**
 * Progress on stderr for the stages of a command (decoding, encoding, prefill, answering): on a terminal, one
 * live bar per stage with its elapsed time (me.tongfei:progressbar); silent when stderr is not a terminal or
 * output is JSON, so pipes and logs stay clean. Each step message starts the next stage's bar.
 */
final class StageBars implements Consumer<String>, AutoCloseable {
    private final String command;
    private final boolean on;
    private ProgressBar bar;

    private StageBars(String command, boolean on) {
        this.command = command;
        this.on = on;
    }

    /** Bars when stderr is a terminal and {@code quiet} is false; otherwise silent. */
    static StageBars forStderr(String command, boolean quiet) {
        return new StageBars(command, !quiet && Terminal.stderrIsTerminal());
    }

    boolean enabled() {
        return on;
    }

    @Override
    public synchronized void accept(String step) {
        if (!on) {
            return;
        }
        finish();
        bar = new ProgressBarBuilder().setTaskName(command + ": " + step).setInitialMax(-1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200).continuousUpdate()
                .hideEta().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private void finish() {
        if (bar != null) {
            bar.maxHint(1);
            bar.stepTo(1);
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        finish();
    }
}
