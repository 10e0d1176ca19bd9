package io.mre4j.cli;

import io.mre4j.core.demo.DemoCorpus;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mre4j demo}: the main job on the embedded corpus. It trains one joint model on English and Japanese news
 * sentences (topic + entities), scores it on the held-out fifth of the corpus, and shows its predictions for new
 * texts in both languages.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a joint model on the embedded English + Japanese corpus, evaluate it, and show "
                + "predictions.")
final class DemoCommand implements Callable<Integer> {
    private static final List<Document> EXAMPLES = List.of(
            Document.unlabelled("example-en-1", "en",
                    "Kestrel Airlines will add daily flights from Lisbon to Toronto next summer."),
            Document.unlabelled("example-en-2", "en",
                    "Striker Lena Vogel scored twice as Northgate United beat Harbor City on Sunday."),
            Document.unlabelled("example-ja-1", "ja", "ミライ電機は来月、新型スマートフォン「ソラ5」を発売する。"),
            Document.unlabelled("example-ja-2", "ja", "山本首相は3日、大阪で記者会見を開き、新たな経済対策を発表した。"));

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default 42).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Document> corpus = DemoCorpus.all();
        List<Document> train = new ArrayList<>();
        List<Document> test = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            (i % 5 == 4 ? test : train).add(corpus.get(i));
        }
        out.printf("== Embedded corpus: %d documents (English and Japanese news; topic + PER/ORG/LOC/DATE/PRODUCT)%n",
                corpus.size());
        out.printf("   training on %d, testing on the held-out %d (every fifth document)%n%n", train.size(),
                test.size());
        out.flush();
        TrainingConfig config = new TrainingConfig();
        config.seed = seed;
        config.maxEpochs = 30;
        try (JointModel model = new JointTrainer(config, new ProgressListener(spec.commandLine().getErr(), "demo"))
                .train("demo", train, null, Map.of("trainData", "embedded demo corpus"))) {
            EvaluationResult result = Evaluation.evaluate(test, model.extract(test));
            out.printf("%n== Joint model on the held-out test documents (trained in %s s)%n",
                    model.provenance().get("trainingSeconds"));
            out.printf("| TL accuracy | WL F1 | ALL |%n|---:|---:|---:|%n| %.1f | %.1f | %.1f |%n%n",
                    100 * result.tlAccuracy(), 100 * result.wlF1(), 100 * result.allExactMatch());
            out.println("== Predictions for new texts");
            for (Document d : model.extract(EXAMPLES)) {
                out.println("  " + d.text());
                Map.Entry<String, Double> top = d.scores().labels().entrySet().iterator().next();
                out.printf("    label  %s (%.2f)%n", String.join(", ", d.labels()), top.getValue());
                for (int i = 0; i < d.spans().size(); i++) {
                    Span s = d.spans().get(i);
                    out.printf("    span   %-8s %s (%.2f)%n", s.label(), s.surface(d.text()), d.scores().spans().get(i));
                }
            }
        }
        return Mre4j.OK;
    }
}
