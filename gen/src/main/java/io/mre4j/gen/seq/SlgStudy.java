package io.mre4j.gen.seq;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.MreException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.gen.Constraint;
import io.mre4j.model.train.TrainingListener;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SLG ablation (issue #4): for each seed, one generator is trained, then the test set is decoded three times —
 * free, with the SLG seeds' first-token constraint, and under the full grammar — and each decoding is scored for
 * format validity, grounding, TL, WL, ALL and decoding time. Means over seeds.
 */
public final class SlgStudy {
    private static final Constraint[] CONSTRAINTS = {Constraint.NONE, Constraint.FIRST_TOKEN, Constraint.FULL};

    private final GenConfig config;
    private final int seeds;
    private final TrainingListener listener;

    /** One decoding setting's scores, as fractions (time in milliseconds a text). */
    public record Row(Constraint constraint, double valid, double grounded, double tl, double wl, double all,
                      double msPerText) {
    }

    /** The study's outcome: one row per constraint, averaged over the seeds. */
    public record Result(String name, int seeds, int testDocuments, List<Row> rows) {
        /** The Markdown report. */
        public String markdown(String command) {
            StringBuilder out = new StringBuilder("# SLG ablation: ").append(name).append("\n\nCommand:\n\n```\n")
                    .append(command).append("\n```\n\n").append(String.format(Locale.ROOT, "%d seed(s), %d test "
                            + "documents; one generator per seed, decoded greedily under each constraint.%n%n",
                            seeds, testDocuments));
            out.append("| constraint | format valid (%) | grounded (%) | TL accuracy (%) | WL F1 (%) | ALL (%) "
                    + "| ms a text |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |%n",
                        r.constraint().name().toLowerCase(Locale.ROOT).replace('_', '-'), 100 * r.valid(),
                        100 * r.grounded(), 100 * r.tl(), 100 * r.wl(), 100 * r.all(), r.msPerText()));
            }
            Row free = rows.get(0);
            Row full = rows.get(rows.size() - 1);
            out.append(String.format(Locale.ROOT, "%nThe full constraint made %.2f %% of the outputs valid against "
                    + "%.2f %% for free decoding, at %.1fx its decoding time.%n", 100 * full.valid(),
                    100 * free.valid(), free.msPerText() > 0 ? full.msPerText() / free.msPerText() : 0));
            return out.toString();
        }

        public ObjectNode json() {
            ObjectNode root = DocumentJson.MAPPER.createObjectNode();
            root.put("name", name).put("seeds", seeds).put("testDocuments", testDocuments);
            ArrayNode list = root.putArray("rows");
            for (Row r : rows) {
                list.addObject().put("constraint", r.constraint().name().toLowerCase(Locale.ROOT))
                        .put("format.valid", r.valid()).put("format.grounded", r.grounded())
                        .put("tl.accuracy", r.tl()).put("wl.f1", r.wl()).put("all.exactMatch", r.all())
                        .put("msPerText", r.msPerText());
            }
            return root;
        }
    }

    public SlgStudy(GenConfig config, int seeds, TrainingListener listener) {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1, not " + seeds);
        }
        this.config = config.copy().validate();
        this.seeds = seeds;
        this.listener = listener;
    }

    public Result run(String name, List<Document> train, List<Document> dev, List<Document> test,
                      Map<String, Object> provenance) {
        double[][] sums = new double[CONSTRAINTS.length][6];
        List<Document> inputs = test.stream().map(d -> Document.unlabelled(d.id(), d.lang(), d.text())).toList();
        for (int s = 0; s < seeds; s++) {
            GenConfig seeded = config.copy();
            seeded.seed = config.seed + s;
            try (GenModel model = new GenTrainer(seeded, listener).train(name, train, dev, provenance)) {
                for (int c = 0; c < CONSTRAINTS.length; c++) {
                    long start = System.nanoTime();
                    List<GenModel.Decoded> decoded = model.decoding(CONSTRAINTS[c], 1).decodeAll(inputs);
                    double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, inputs.size());
                    List<Document> predicted = new ArrayList<>(decoded.size());
                    int valid = 0;
                    int grounded = 0;
                    for (GenModel.Decoded d : decoded) {
                        predicted.add(d.document());
                        valid += d.valid() ? 1 : 0;
                        grounded += d.grounded() ? 1 : 0;
                    }
                    EvaluationResult scores = Evaluation.evaluate(test, predicted);
                    double n = Math.max(1, decoded.size());
                    double[] row = {valid / n, grounded / n, scores.tlAccuracy(), scores.wlF1(),
                            scores.allExactMatch(), ms};
                    for (int k = 0; k < row.length; k++) {
                        sums[c][k] += row[k];
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < CONSTRAINTS.length; c++) {
            double[] m = sums[c];
            rows.add(new Row(CONSTRAINTS[c], m[0] / seeds, m[1] / seeds, m[2] / seeds, m[3] / seeds, m[4] / seeds,
                    m[5] / seeds));
        }
        return new Result(name, seeds, test.size(), rows);
    }

    /** Writes {@code report.md} and {@code results.json} into {@code folder}, atomically; returns their paths. */
    public static List<Path> write(Result result, String command, Path folder) {
        try (AtomicOutput files = new AtomicOutput()) {
            Files.createDirectories(folder);
            Path report = folder.resolve("report.md");
            Path json = folder.resolve("results.json");
            try (Writer md = files.open(report)) {
                md.write(result.markdown(command));
            }
            try (Writer js = files.open(json)) {
                js.write(DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.json()));
            }
            files.commit();
            return List.of(report, json);
        } catch (IOException e) {
            throw new MreException(folder + ": cannot write the study: " + e.getMessage(), e);
        }
    }
}
