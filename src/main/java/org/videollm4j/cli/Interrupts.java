package org.videollm4j.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) for {@code chat}: while an answer is being generated it only sets a flag that stops that
 * answer; otherwise it ends the process the usual way (exit 130, no stack trace). The previous handler is
 * restored on close. Uses {@code sun.misc.Signal} (module jdk.unsupported): the JDK's only SIGINT hook.
 */
final class Interrupts implements AutoCloseable {
    /** Thrown from the token callback to stop a cancelled answer. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("answer cancelled", null, false, false);
        }
    }

    private final AtomicBoolean answering = new AtomicBoolean();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private SignalHandler previous;

    private Interrupts() {
    }

    static Interrupts install() {
        Interrupts i = new Interrupts();
        try {
            i.previous = Signal.handle(new Signal("INT"), sig -> {
                if (i.answering.get()) {
                    i.cancel.set(true);
                } else {
                    System.err.println();
                    System.exit(130);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            i.previous = null; // no SIGINT on this platform: the default behaviour stays
        }
        return i;
    }

    void answering(boolean on) {
        cancel.set(false);
        answering.set(on);
    }

    boolean cancelled() {
        return cancel.get();
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
