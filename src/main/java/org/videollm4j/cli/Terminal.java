package org.videollm4j.cli;

/** Whether the standard streams are terminals (for prompts and progress bars). */
final class Terminal {
    private Terminal() {
    }

    /** True when the JVM's console is an interactive terminal (stdin and stdout not redirected). */
    static boolean stdinIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * Whether stderr goes to a terminal. The JDK cannot ask about stderr alone; the launcher exports
     * {@code VIDEOLLM4J_STDERR_TTY=1} after testing it ({@code [ -t 2 ]}), otherwise the console is the guess.
     */
    static boolean stderrIsTerminal() {
        String v = System.getenv("VIDEOLLM4J_STDERR_TTY");
        if (v != null) {
            return v.equals("1");
        }
        return stdinIsTerminal();
    }
}
