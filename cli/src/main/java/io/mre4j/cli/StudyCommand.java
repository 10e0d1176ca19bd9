package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.gen.seq.GenConfig;
import io.mre4j.gen.seq.SlgStudy;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.study.ModelRun;
import io.mre4j.model.study.MreStudy;
import io.mre4j.model.study.StudyReport;
import io.mre4j.model.study.StudyResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code mre4j study}: the MRE study of DESIGN §5. Trains joint, text-only and word-only models over several seeds,
 * tests joint against isolated with a paired bootstrap (Koehn 2004), and writes {@code results.json},
 * {@code report.md} and {@code report.html}.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Does the Mutual Reinforcement Effect hold on this data? For each seed, train a joint, a "
                + "text-only and a word-only model on the same data, score them on --test, and compare joint with "
                + "isolated (text-only on TL, word-only on WL, their pipeline on ALL) with a 95%% paired-bootstrap "
                + "confidence interval over the test documents.",
                "Writes DIR/results.json, DIR/report.md and DIR/report.html (self-contained, with plots)."})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--test", paramLabel = "PATH", required = true, description = "Test data the models are "
            + "compared on.")
    Path test;

    @Mixin
    InputOptions input;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "How many seeds: the config's seed, seed + 1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write the report to.")
    Path out;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "joint",
            description = "joint (the MRE study, default) or gen (the SLG ablation: one generator per seed, decoded "
                    + "free, with the first-token constraint and under the full grammar; --config takes the "
                    + "generator's fields).")
    String engine;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seeds must be at least 1, not " + seeds);
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new DataException(out.toString(), 0, "--out must be a folder, but this is a file");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (engine.equals("gen")) {
            return slgAblation(err, stdout);
        }
        if (!engine.equals("joint")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --engine '" + engine + "' (joint or gen)");
        }
        TrainingConfig config = training.config().validate();
        List<Document> trainDocuments = training.readTrain(input, err);
        List<Document> devDocuments = training.readDev(input, err);
        List<Document> testDocuments = DataFiles.read(input, test, err);
        Map<String, Object> provenance = training.provenance();
        provenance.put("testPath", test.toString());
        provenance.put("testFileSha256", DataFiles.sha256(test));
        String name = training.taskName();
        MreStudy.Listener listener = new MreStudy.Listener() {
            @Override
            public void trained(int index, int total, ModelRun run) {
                String scores = run.scores().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), 100 * e.getValue()))
                        .collect(Collectors.joining("  "));
                err.printf(Locale.ROOT, "[%d/%d] seed %d %-5s  test %s  (%.1f s, best epoch %s)%n", index, total,
                        run.seed(), run.mode(), scores, run.trainingSeconds(), run.bestEpoch());
                err.flush();
            }
        };
        err.printf(Locale.ROOT, "study %s: %d seed(s), %d training and %d test documents%n", name, seeds,
                trainDocuments.size(), testDocuments.size());
        err.flush();
        StudyResult result = new MreStudy(config, seeds, listener)
                .run(name, trainDocuments, devDocuments, testDocuments, provenance)
                .withCommand(commandLine());
        List<Path> paths = StudyReport.write(result, out);
        stdout.print(StudyReport.scoreTable(result));
        stdout.println();
        stdout.print(StudyReport.gainTable(result));
        stdout.println();
        result.notes().forEach(stdout::println);
        stdout.println(result.verdictSentence());
        for (Path p : paths) {
            stdout.println("wrote " + p);
        }
        return Mre4j.OK;
    }

    /** {@code study --engine gen}: the SLG ablation of issue #4. */
    private Integer slgAblation(PrintWriter err, PrintWriter stdout) {
        GenConfig config = training.configPath == null ? new GenConfig() : GenConfig.read(training.configPath);
        List<Document> trainDocuments = training.readTrain(input, err);
        List<Document> devDocuments = training.readDev(input, err);
        List<Document> testDocuments = DataFiles.read(input, test, err);
        String name = training.taskName();
        err.printf(Locale.ROOT, "SLG ablation %s: %d seed(s), %d training and %d test documents%n", name, seeds,
                trainDocuments.size(), testDocuments.size());
        err.flush();
        SlgStudy.Result result = new SlgStudy(config, seeds, new ProgressListener(err, "study gen " + name))
                .run(name, trainDocuments, devDocuments, testDocuments, training.provenance());
        String command = commandLine();
        List<Path> paths = SlgStudy.write(result, command, out);
        stdout.print(result.markdown(command));
        for (Path p : paths) {
            stdout.println("wrote " + p);
        }
        return Mre4j.OK;
    }

    private String commandLine() {
        return commandLine(spec);
    }

    /** The command line as typed, each argument quoted where the shell would need it. */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("mre4j");
        for (String arg : args) {
            sb.append(' ').append(arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''")
                    + "'");
        }
        return sb.toString();
    }
}
