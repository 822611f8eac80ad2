package org.videollm4j.cli;

import org.videollm4j.util.BadInputException;
import org.videollm4j.util.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point of the {@code videollm4j} command line. The only place that calls System.exit. */
@Command(name = "videollm4j",
        mixinStandardHelpOptions = true,
        version = "videollm4j 0.1.0",
        description = "Question answering over long videos, with token compression, on the JVM.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TokenizeCommand.class,
                GenerateCommand.class,
                ProbeCommand.class,
                FramesCommand.class,
                BenchDecodeCommand.class,
                BenchScalingCommand.class,
                SynthCommand.class,
                KeyframesCommand.class,
                BenchGemmCommand.class,
                BenchCommand.class,
                MakeDataCommand.class,
                AskCommand.class,
                EvalCommand.class,
                MakeEvalGridCommand.class,
                ChatCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code; never throws and never prints a raw stack trace. */
    public static int execute(String... args) {
        return guarded(newCommandLine(), args);
    }

    /**
     * {@code cmd.execute(args)}, where an {@link Error} (out of memory, stack overflow: picocli's handler sees only
     * exceptions) also becomes one line on the command's error stream and exit code 1.
     */
    static int guarded(CommandLine cmd, String... args) {
        try {
            return cmd.execute(args);
        } catch (Error e) {
            printError(cmd.getErr(), e);
            return ExitCodes.INTERNAL;
        }
    }

    /** One "error: ..." line; the stack trace only with VIDEOLLM4J_DEBUG set. */
    private static void printError(PrintWriter err, Throwable ex) {
        err.println("error: " + describe(ex));
        if (System.getenv("VIDEOLLM4J_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
    }

    static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        HelpExamples.install(cmd); // issue 6: examples in every --help
        cmd.setExitCodeExceptionMapper(Main::exitCodeOf);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            printError(commandLine.getErr(), ex);
            return exitCodeOf(ex);
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String msg = String.valueOf(ex.getMessage());
            err.println("error: " + (msg.startsWith("Error: ") ? msg.substring(7) : msg));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cmd;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof BadInputException) {
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof CommandLine.ParameterException || ex instanceof UsageException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.INTERNAL;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof UsageException) {
            return ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + ex.getMessage() + "); give the JVM more heap with VIDEOLLM4J_JAVA_OPTS=-Xmx8g";
        }
        String msg = ex.getMessage();
        return "internal failure: " + ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg)
                + " (set VIDEOLLM4J_DEBUG=1 for the stack trace)";
    }
}
