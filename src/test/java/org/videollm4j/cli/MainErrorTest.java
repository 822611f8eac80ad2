package org.videollm4j.cli;

import org.junit.jupiter.api.Test;
import org.videollm4j.util.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@link Error} thrown by a command (picocli hands only exceptions to the handler) still ends as one line. */
class MainErrorTest {
    @Command(name = "greedy")
    static final class Greedy implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryBecomesOneLineAndExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Greedy());
        cmd.setErr(new PrintWriter(err, true));
        int code = Main.guarded(cmd);
        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString()).startsWith("error: out of memory (Java heap space)").contains("-Xmx")
                .doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }
}
