package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.model.TrainingConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of every command that trains models: training and dev data, and the training config. */
final class TrainingOptions {
    @Option(names = "--train", paramLabel = "PATH", required = true, description = "Training data.")
    Path train;

    @Option(names = "--dev", paramLabel = "PATH",
            description = "Dev data for early stopping (default: a seeded 10%% of the training documents).")
    Path dev;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON training config; fields left out keep their defaults (see docs/model.md).")
    Path configPath;

    /** The config file's values, or the defaults. */
    TrainingConfig config() {
        return configPath == null ? new TrainingConfig() : TrainingConfig.read(configPath);
    }

    List<Document> readTrain(InputOptions input, PrintWriter err) {
        return DataFiles.read(input, train, err);
    }

    /** The dev documents, or null when no dev set was given. */
    List<Document> readDev(InputOptions input, PrintWriter err) {
        return dev == null ? null : DataFiles.read(input, dev, err);
    }

    /** Where the data came from, with SHA-256 fingerprints of the files, for the model's provenance. */
    Map<String, Object> provenance() {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainPath", train.toString());
        provenance.put("trainFileSha256", DataFiles.sha256(train));
        if (dev != null) {
            provenance.put("devPath", dev.toString());
            provenance.put("devFileSha256", DataFiles.sha256(dev));
        }
        if (configPath != null) {
            provenance.put("configPath", configPath.toString());
        }
        return provenance;
    }

    /**
     * A short name for the task, from the data path: the nearest folder or file that is not a split, so
     * {@code data/atis/train} and {@code data/cais/train/ch.train} give {@code atis} and {@code cais}.
     */
    String taskName() {
        return taskName(train);
    }

    /** The data set's name from its training path: {@code atis} for {@code .../atis/train}. */
    static String taskName(Path train) {
        Path path = train.toAbsolutePath().normalize();
        while (path.getParent() != null && path.getParent().getFileName() != null && isSplit(path)) {
            path = path.getParent();
        }
        return path.getFileName().toString().replaceAll("\\.[A-Za-z]+$", "");
    }

    private static boolean isSplit(Path path) {
        for (String part : path.getFileName().toString().split("\\.")) {
            if (part.matches("(?i)train|dev|valid|validation|test")) {
                return true;
            }
        }
        return false;
    }
}
