package io.mre4j.cli;

import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.gen.llm.LlmEngine;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over the documents an LLM engine works through, with throughput, retries and malformed answers. It
 * draws only on a terminal; other engines and redirected output get none.
 */
final class LlmProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final LlmEngine engine;

    /** @param total documents to do, or -1 when not known in advance */
    LlmProgress(String task, long total, ExtractionEngine engine) {
        this.engine = engine instanceof LlmEngine llm ? llm : null;
        this.bar = this.engine != null && System.console() != null
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).showSpeed().build() : null;
    }

    void advance(int documents) {
        if (bar == null) {
            return;
        }
        bar.stepBy(documents);
        bar.setExtraMessage(String.format(" retries %d, validation retries %d, malformed %d",
                engine.client().retries(), engine.validationRetries(), engine.counts().malformed()));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
