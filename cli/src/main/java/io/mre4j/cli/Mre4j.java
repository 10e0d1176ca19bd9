package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.MreException;
import io.mre4j.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code mre4j} command. Only this class turns exceptions into exit codes: 0 success, 2 usage error, 3 data error
 * (bad input, missing file or model), 1 anything unexpected. Errors print one line, never a stack trace.
 */
@Command(name = "mre4j",
        mixinStandardHelpOptions = true,
        versionProvider = Mre4j.Version.class,
        description = "Joint text-level and word-level information extraction (Mutual Reinforcement Effect).",
        subcommands = {
                DemoCommand.class,
                TrainCommand.class,
                PredictCommand.class,
                EvalCommand.class,
                InfoCommand.class,
                StudyCommand.class,
                FewshotCommand.class,
                ServeCommand.class,
                AnnotateCommand.class,
                ConvertCommand.class,
                StatsCommand.class,
                ValidateCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 2 usage error, 3 data error, 4 an LLM server failed, 1 internal error."})
public final class Mre4j implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int DATA = 3;
    /** An LLM server failed for good (after its retries). */
    public static final int SERVICE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Mre4j());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                err.println("mre4j: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof DataException || e instanceof MreException) {
                err.println("mre4j: " + e.getMessage());
                return DATA;
            }
            if (e instanceof io.mre4j.gen.llm.LlmException) {
                err.println("mre4j: " + e.getMessage());
                return SERVICE;
            }
            err.println("mre4j: internal error: " + e);
            return INTERNAL;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Mre4j.class.getPackage().getImplementationVersion();
            return new String[] {"mre4j " + (version == null ? "(development build)" : version)};
        }
    }
}
