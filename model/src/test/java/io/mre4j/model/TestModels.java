package io.mre4j.model;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tiny hand-written corpus and a tiny config, so that model tests train in about a second. */
public final class TestModels {
    private static final String[][] FLIGHTS = {
            {"fly from boston to denver", "boston", "denver"},
            {"flights from dallas to miami", "dallas", "miami"},
            {"book a flight from denver to boston", "denver", "boston"},
            {"fly from miami to dallas tomorrow", "miami", "dallas"},
            {"any flight from seattle to boston", "seattle", "boston"},
            {"flight from boston to seattle please", "boston", "seattle"},
    };
    private static final String[][] FARES = {
            {"cheapest fare to denver", "denver"},
            {"what is the fare to miami", "miami"},
            {"price of a ticket to boston", "boston"},
            {"fare to seattle", "seattle"},
            {"how much is a ticket to dallas", "dallas"},
            {"lowest fare to boston", "boston"},
    };

    private TestModels() {
    }

    public static List<Document> corpus() {
        List<Document> docs = new ArrayList<>();
        int n = 0;
        for (String[] f : FLIGHTS) {
            String text = f[0];
            int from = text.indexOf(f[1]);
            int to = text.indexOf(f[2], from + f[1].length());
            docs.add(Document.of("t" + n++, "en", text, List.of("flight"), List.of(
                    new Span(from, from + f[1].length(), "from"), new Span(to, to + f[2].length(), "to"))));
        }
        for (String[] f : FARES) {
            int to = f[0].indexOf(f[1]);
            docs.add(Document.of("t" + n++, "en", f[0], List.of("airfare"),
                    List.of(new Span(to, to + f[1].length(), "to"))));
        }
        return docs;
    }

    public static TrainingConfig config(String mode) {
        TrainingConfig config = new TrainingConfig();
        config.mode = mode;
        config.maxEpochs = 3;
        config.hidden = 16;
        config.wordDim = 16;
        config.charDim = 8;
        config.charFilters = 8;
        config.labelDim = 8;
        config.batchSize = 4;
        config.threads = 1;
        return config;
    }

    /** {@link #config} trained long enough, and fast enough, to fit the tiny corpus: 40 epochs, no early stop. */
    public static TrainingConfig fittingConfig(String mode) {
        TrainingConfig config = config(mode);
        config.maxEpochs = 40;
        config.patience = 40;
        config.learningRate = 0.01f;
        return config;
    }

    public static JointModel train(String mode) {
        List<Document> docs = corpus();
        return new JointTrainer(config(mode), TrainingListener.SILENT).train("tiny", docs, docs, Map.of());
    }
}
