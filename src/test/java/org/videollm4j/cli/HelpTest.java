package org.videollm4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand answers --help with exit 0, a usage line and an example. */
class HelpTest {
    private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(path);
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().name().equals(e.getKey())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            walk(e.getValue(), p, out);
        }
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<List<String>> all = new ArrayList<>();
        walk(Main.newCommandLine(), List.of(), all);
        assertThat(all.size()).isGreaterThan(15);
        assertThat(all).contains(List.of("chat"), List.of("ask"), List.of("eval"), List.of("make-data", "eval-set"));
        for (List<String> path : all) {
            if (path.equals(List.of("help"))) {
                continue; // picocli's help command takes a command name, not --help
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            var r = AskCacheReportTest.run("", args.toArray(String[]::new));
            assertThat(r.code()).as("%s", args).isEqualTo(0);
            assertThat(r.out()).as("%s", args).contains("Usage: videollm4j").contains("Example");
        }
    }

    @Test
    void exitCodesSeparateUsageBadInputAndInternalFailures() {
        assertThat(AskCacheReportTest.run("", "ask", "--no-such-flag").code()).isEqualTo(2);
        assertThat(AskCacheReportTest.run("", "ask", "v.mp4", "q", "--frames", "0").code()).isEqualTo(2);
        assertThat(AskCacheReportTest.run("", "probe", "/no/such/video.mp4").code()).isEqualTo(3);
        assertThat(Main.exitCodeOf(new IllegalStateException("bug"))).isEqualTo(1);
    }
}
