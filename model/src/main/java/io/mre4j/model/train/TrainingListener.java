package io.mre4j.model.train;

import java.util.Map;

/** Hears how training goes, for a progress bar or a log. Every method has a do-nothing default. */
public interface TrainingListener {
    TrainingListener SILENT = new TrainingListener() {
    };

    /** Once, before the first epoch: what the trainer found in the data. */
    default void started(Map<String, Object> facts) {
    }

    default void epochStarted(int epoch, int maxEpochs, int batches) {
    }

    default void batchDone(float loss) {
    }

    /**
     * After each epoch, just before {@link #epochDone}, for each set given to {@link JointTrainer#monitor}: its
     * scores with the weights that the dev set was scored with (never used for early stopping).
     */
    default void monitored(String name, Map<String, Double> scores) {
    }

    /** After each epoch, with its mean loss and the dev scores used for early stopping. */
    default void epochDone(int epoch, float loss, Map<String, Double> dev, boolean best) {
    }
}
