package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.gen.seq.GenBundle;
import io.mre4j.gen.seq.GenConfig;
import io.mre4j.gen.seq.GenModel;
import io.mre4j.gen.seq.GenTrainer;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.train.JointTrainer;
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
import java.util.concurrent.Callable;

/**
 * {@code mre4j train}: a joint model (or, with {@code --engine gen}, the built-in sequence-to-sequence generator) from
 * labelled data, written as one bundle file.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a joint model (text head + CRF tagger) on CPU and write it as one bundle file.",
                "--engine gen trains the built-in sequence-to-sequence generator instead (docs/generative.md)."})
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

    @Option(names = "--encoder", paramLabel = "ENCODER",
            description = "scratch (default), minilm-en or bge-small-zh: the joint model's encoder; the pretrained "
                    + "ones come from their Maven jars and are fine-tuned (overrides the config).")
    String encoder;

    @Option(names = "--freeze-encoder",
            description = "Keep a pretrained encoder's weights fixed and train the heads only; the model file then "
                    + "refers to the encoder's jar instead of copying its weights.")
    boolean freezeEncoder;

    @Option(names = "--word-vectors", paramLabel = "VECTORS",
            description = "auto (the joint model's default: MiniLM's for English data, bge-small-zh's for Chinese), "
                    + "none, minilm-en or bge-small-zh: static word vectors beside the word embeddings (overrides "
                    + "the config; the generator's default is none).")
    String wordVectors;

    @Option(names = "--monitor", paramLabel = "PATH",
            description = "Labelled data (such as a test split) to score after every epoch as well, for a learning "
                    + "curve; never used for early stopping or recorded in the model (joint engine).")
    Path monitor;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "joint",
            description = "joint (default) or gen (the sequence-to-sequence generator; --config then takes its "
                    + "fields, see docs/generative.md).")
    String engine;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (engine.equals("gen")) {
            return trainGenerator(err);
        }
        if (!engine.equals("joint")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --engine '" + engine + "' (joint or gen)");
        }
        TrainingConfig config = training.config();
        if (mode != null) {
            config.mode = mode.toLowerCase(Locale.ROOT);
        }
        if (seed != null) {
            config.seed = seed;
        }
        if (encoder != null) {
            config.encoder = encoder.trim().toLowerCase(Locale.ROOT);
        }
        if (freezeEncoder) {
            config.freezeEncoder = true;
        }
        if (wordVectors != null) {
            config.wordVectors = wordVectors.trim().toLowerCase(Locale.ROOT);
        }
        config.validate();
        if (config.freezeEncoder && config.pretrainedEncoder() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--freeze-encoder needs a pretrained --encoder (minilm-en or bge-small-zh)");
        }
        List<Document> trainDocuments = training.readTrain(input, err);
        List<Document> devDocuments = training.readDev(input, err);
        String name = training.taskName();
        JointTrainer trainer = new JointTrainer(config, new ProgressListener(err, "train " + name));
        if (monitor != null) {
            trainer.monitor(monitor.toString(), DataFiles.read(input, monitor, err));
        }
        try (JointModel model = trainer.train(name, trainDocuments, devDocuments, training.provenance())) {
            ModelBundle.write(model, out);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("wrote %s (%s mode, best epoch %s of %s, %s s): dev %s%n", out,
                    config.mode, model.provenance().get("bestEpoch"), model.provenance().get("epochs"),
                    model.provenance().get("trainingSeconds"), model.provenance().get("devMetrics"));
        }
        return Mre4j.OK;
    }

    private Integer trainGenerator(PrintWriter err) {
        if (mode != null || encoder != null || freezeEncoder || monitor != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode, --encoder, --freeze-encoder and --monitor are for engine joint only");
        }
        GenConfig config = training.configPath == null ? new GenConfig() : GenConfig.read(training.configPath);
        if (seed != null) {
            config.seed = seed;
        }
        if (wordVectors != null) {
            config.wordVectors = wordVectors.trim().toLowerCase(Locale.ROOT);
        }
        config.validate();
        List<Document> trainDocuments = training.readTrain(input, err);
        List<Document> devDocuments = training.readDev(input, err);
        String name = training.taskName();
        try (GenModel model = new GenTrainer(config, new ProgressListener(err, "train gen " + name))
                .train(name, trainDocuments, devDocuments, training.provenance())) {
            GenBundle.write(model, out);
            spec.commandLine().getOut().printf("wrote %s (generator, best epoch %s of %s, %s s): dev %s%n", out,
                    model.provenance().get("bestEpoch"), model.provenance().get("epochs"),
                    model.provenance().get("trainingSeconds"), model.provenance().get("devMetrics"));
        }
        return Mre4j.OK;
    }
}
