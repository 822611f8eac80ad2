package org.videollm4j.cli;

import java.util.function.Consumer;

/** Progress lines on stderr, only once the work has taken more than a second (quick runs stay quiet). */
final class Progress implements Consumer<String> {
    private static final long QUIET_NS = 1_000_000_000L;
    private final String command;
    private final long start = System.nanoTime();

    Progress(String command) {
        this.command = command;
    }

    @Override
    public void accept(String step) {
        long ns = System.nanoTime() - start;
        if (ns > QUIET_NS) {
            System.err.printf("%s: %s (%.1f s)%n", command, step, ns / 1e9);
        }
    }
}
