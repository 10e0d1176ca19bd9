package io.mre4j.cli;

import io.mre4j.model.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows training on standard error: on a terminal, a progress bar per epoch with its running loss; always, one line
 * per epoch with its loss and dev scores (no bar when the output is a file or a pipe, which it would only clutter).
 */
final class ProgressListener implements TrainingListener {
    private final PrintWriter err;
    private final String name;
    private final boolean interactive = System.console() != null;
    private ProgressBar bar;
    private double lossSum;
    private int batches;

    ProgressListener(PrintWriter err, String name) {
        this.err = err;
        this.name = name;
    }

    @Override
    public void started(Map<String, Object> facts) {
        err.println(name + ": " + facts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
    }

    @Override
    public void epochStarted(int epoch, int maxEpochs, int batchCount) {
        lossSum = 0;
        batches = 0;
        if (!interactive) {
            return;
        }
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, maxEpochs))
                .setInitialMax(batchCount).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .continuousUpdate().clearDisplayOnFinish().build();
    }

    @Override
    public void batchDone(float loss) {
        lossSum += loss;
        batches++;
        if (bar == null) {
            return;
        }
        bar.step();
        bar.setExtraMessage(String.format("loss %.3f", lossSum / batches));
    }

    @Override
    public void monitored(String set, Map<String, Double> scores) {
        closeBar();
        err.printf("          %s %s%n", set, format(scores));
    }

    @Override
    public void epochDone(int epoch, float loss, Map<String, Double> dev, boolean best) {
        closeBar();
        err.printf("epoch %2d  loss %.4f  dev %s%s%n", epoch, loss, format(dev), best ? "  (best)" : "");
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Scores as percentages, without the early-stopping score (their mean). */
    private static String format(Map<String, Double> scores) {
        return scores.entrySet().stream().filter(e -> !e.getKey().equals("score"))
                .map(e -> String.format("%s %.2f", e.getKey(), 100 * e.getValue())).collect(Collectors.joining("  "));
    }
}
