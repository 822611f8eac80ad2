package org.videollm4j.util;

import java.util.function.Consumer;

/**
 * Progress of long work for progress bars: a stage with the number of steps it will take (frames to decode,
 * frames to encode, prefill chunks), then each step as it completes. A plain {@code Consumer<String>} given
 * where a listener is expected hears only the stage names ({@link #of}); library code reports, the CLI draws.
 */
public interface StepProgress extends Consumer<String> {
    /** Hears nothing. */
    StepProgress NONE = of(s -> { });

    /**
     * A stage starts; the previous one is over.
     *
     * @param name  what is being done, e.g. "decoding video.mp4"
     * @param steps how many {@link #step} calls will follow; 0 when not counted
     */
    void stage(String name, int steps);

    /** {@code n} more steps of the current stage are done. */
    void step(int n);

    /** A stage without counted steps. */
    @Override
    default void accept(String name) {
        stage(name, 0);
    }

    /** {@code c} itself when it is a listener, else one that passes stage names to it and ignores steps. */
    static StepProgress of(Consumer<String> c) {
        if (c instanceof StepProgress p) {
            return p;
        }
        return new StepProgress() {
            @Override
            public void stage(String name, int steps) {
                c.accept(name);
            }

            @Override
            public void step(int n) {
                // stage names only
            }
        };
    }
}
