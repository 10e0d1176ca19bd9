package io.mre4j.bench;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains one joint model on a dataset and reports test scores and time. Usage: {@code TRAIN DEV|- TEST [key=value
 * ...]}, where a key is a {@link TrainingConfig} field, {@code out} for a path to write the model bundle to, or
 * {@code monitorTest=true} to score the test set after every epoch as well (a learning curve; early stopping still
 * sees the dev set alone).
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Document> train = read(args[0]);
        List<Document> dev = args[1].equals("-") ? null : read(args[1]);
        List<Document> test = read(args[2]);
        TrainingConfig config = new TrainingConfig();
        Path out = null;
        boolean monitorTest = false;
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv[0].equals("out")) {
                out = Path.of(kv[1]);
                continue;
            }
            if (kv[0].equals("monitorTest")) {
                monitorTest = Boolean.parseBoolean(kv[1]);
                continue;
            }
            java.lang.reflect.Field field = TrainingConfig.class.getField(kv[0]);
            Object value = switch (field.getType().getName()) {
                case "int" -> Integer.parseInt(kv[1]);
                case "long" -> Long.parseLong(kv[1]);
                case "float" -> Float.parseFloat(kv[1]);
                case "boolean" -> Boolean.parseBoolean(kv[1]);
                default -> kv[1];
            };
            field.set(config, value);
        }
        long start = System.nanoTime();
        long[] epochStart = {System.nanoTime()};
        JointTrainer trainer = new JointTrainer(config, new TrainingListener() {
            @Override
            public void started(Map<String, Object> facts) {
                System.out.println(facts);
            }

            @Override
            public void epochStarted(int epoch, int maxEpochs, int batches) {
                epochStart[0] = System.nanoTime();
            }

            @Override
            public void monitored(String name, Map<String, Double> scores) {
                System.out.printf("  %s %s%n", name, scores);
            }

            @Override
            public void epochDone(int epoch, float loss, Map<String, Double> scores, boolean best) {
                System.out.printf("epoch %d  %.1f s  loss %.4f  dev %s%s%n", epoch,
                        (System.nanoTime() - epochStart[0]) / 1e9, loss, scores, best ? " *" : "");
            }
        });
        if (monitorTest) {
            trainer.monitor("test", test);
        }
        try (JointModel model = trainer.train("bench", train, dev, Map.of())) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long predictStart = System.nanoTime();
            List<Document> predicted = model.extract(test);
            double predictSeconds = (System.nanoTime() - predictStart) / 1e9;
            EvaluationResult result = Evaluation.evaluate(test, predicted);
            System.out.printf("trained in %.1f s (best epoch %s, steps skipped for non-finite gradients %s); "
                    + "predicted %d documents in %.2f s (%.0f docs/s)%n", seconds,
                    model.provenance().get("bestEpoch"), model.provenance().get("skippedSteps"), test.size(),
                    predictSeconds, test.size() / predictSeconds);
            System.out.printf("TEST TL %.2f  WL %.2f  ALL %.2f%n", 100 * result.tlAccuracy(), 100 * result.wlF1(),
                    100 * result.allExactMatch());
            if (out != null) {
                io.mre4j.model.bundle.ModelBundle.write(model, out);
                System.out.printf("wrote %s (%d bytes)%n", out, java.nio.file.Files.size(out));
            }
        }
    }

    private static List<Document> read(String path) {
        Path p = Path.of(path);
        return Formats.readAll(Formats.resolve(null, p), p, ReadOptions.DEFAULT);
    }
}
