package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.train.JointTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mre4j train}: a joint model from labelled data, written as one bundle file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a joint model (text head + CRF tagger) on CPU and write it as one bundle file.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "MODEL", required = true, description = "The model bundle to write.")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "joint (default), text or word: which heads to train (overrides the config).")
    String mode;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (overrides the config; default 42).")
    Long seed;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TrainingConfig config = training.config();
        if (mode != null) {
            config.mode = mode.toLowerCase(Locale.ROOT);
        }
        if (seed != null) {
            config.seed = seed;
        }
        config.validate();
        List<Document> trainDocuments = training.readTrain(input, err);
        List<Document> devDocuments = training.readDev(input, err);
        String name = training.taskName();
        try (JointModel model = new JointTrainer(config, new ProgressListener(err, "train " + name))
                .train(name, trainDocuments, devDocuments, training.provenance())) {
            ModelBundle.write(model, out);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("wrote %s (%s mode, best epoch %s of %s, %s s): dev %s%n", out,
                    config.mode, model.provenance().get("bestEpoch"), model.provenance().get("epochs"),
                    model.provenance().get("trainingSeconds"), model.provenance().get("devMetrics"));
        }
        return Mre4j.OK;
    }
}
