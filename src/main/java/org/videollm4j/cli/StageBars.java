package org.videollm4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.videollm4j.util.StepProgress;

import java.io.PrintStream;

/**
 * Progress on stderr for the stages of a command (decoding, encoding, prefill, answering): on a terminal, one
 * live bar per stage (me.tongfei:progressbar) that counts the stage's steps (frames decoded, frames encoded,
 * prefill chunks) when the stage announces how many, else shows the elapsed time; silent when stderr is not a
 * terminal or output is JSON, so pipes and logs stay clean. Each stage starts a new bar and ends the last.
 */
final class StageBars implements StepProgress, AutoCloseable {
    private final String command;
    private final PrintStream out; // null: silent
    private ProgressBar bar;
    private String stage = "";
    private long done;             // steps of the current stage reported so far
    private long steps;            // steps the current stage announced; 0: not counted

    /** @param out where the bars are drawn; null for none */
    StageBars(String command, PrintStream out) {
        this.command = command;
        this.out = out;
    }

    /** Bars when stderr is a terminal and {@code quiet} is false; otherwise silent. */
    static StageBars forStderr(String command, boolean quiet) {
        return new StageBars(command, !quiet && Terminal.stderrIsTerminal() ? System.err : null);
    }

    boolean enabled() {
        return out != null;
    }

    @Override
    public synchronized void stage(String name, int n) {
        if (out == null) {
            return;
        }
        finish();
        stage = name;
        done = 0;
        steps = Math.max(0, n);
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(command + ": " + name)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out));
        if (steps > 0) {
            b.setInitialMax(steps).setUnit(" " + unit(name), 1);
        } else {
            b.setInitialMax(-1).hideEta();
        }
        bar = b.build();
    }

    @Override
    public synchronized void step(int n) {
        if (out == null || bar == null) {
            return;
        }
        done += n;
        bar.stepTo(steps > 0 ? Math.min(done, steps) : done);
    }

    /** The current stage's name and its steps done / announced (0: not counted), e.g. for tests. */
    synchronized String state() {
        return stage + " " + done + "/" + steps;
    }

    /** The word counted in a stage's name: "frames" for decoding and encoding, "chunks" for prefill. */
    static String unit(String stage) {
        return stage.startsWith("prefill") ? "chunks" : "frames";
    }

    private void finish() {
        if (bar != null) {
            if (steps == 0) {
                bar.maxHint(1);
                bar.stepTo(1);
            }
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        finish();
    }
}
