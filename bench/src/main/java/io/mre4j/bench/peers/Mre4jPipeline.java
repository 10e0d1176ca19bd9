package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * mre4j's joint model with the default config and the given encoder ({@code scratch}, or a pretrained one:
 * {@code mre4j-minilm}, {@code mre4j-bge}); early stopping on the dev set when one is given. {@code MRE4J_CONFIG}
 * names a JSON training config to start from instead of the defaults. Each epoch's dev scores go to stderr.
 */
final class Mre4jPipeline implements Pipeline {
    private final String encoder;
    private JointModel model;

    Mre4jPipeline(String encoder) {
        this.encoder = encoder;
    }

    @Override
    public void train(List<Document> train, List<Document> dev) {
        String configPath = System.getenv("MRE4J_CONFIG");
        TrainingConfig config = configPath == null || configPath.isBlank() ? new TrainingConfig()
                : TrainingConfig.read(Path.of(configPath));
        if (!encoder.equals("scratch")) {
            config.encoder = encoder;
        }
        long started = System.nanoTime();
        model = new JointTrainer(config, new TrainingListener() {
            @Override
            public void epochDone(int epoch, float loss, Map<String, Double> devScores, boolean best) {
                System.err.printf("epoch %d (%.0f s): loss %.4f dev %s%s%n", epoch,
                        (System.nanoTime() - started) / 1e9, loss, devScores, best ? " (best)" : "");
            }
        }).train("bench", train, dev, Map.of());
        System.err.println("trained: best epoch " + model.provenance().get("bestEpoch") + ", steps skipped for "
                + "non-finite gradients " + model.provenance().get("skippedSteps"));
    }

    @Override
    public List<Document> predict(List<Document> documents) {
        return model.extract(documents);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
