package io.mre4j.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.bench.peers.Pipeline;
import io.mre4j.core.doc.Document;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains one system on one dataset and measures it: test TL accuracy, WL F1 and ALL (mre4j's metrics for every
 * system), training time, batch throughput (the whole test set per call; median of 3 rounds after a warm-up),
 * single-document latency (one call per document, median over up to 1,000 documents), and peak resident memory of the
 * process (or of the peer's own process, for fastText). Appends one JSON line to RESULTS and prints it.
 * Usage: {@code SYSTEM DATASET TRAIN DEV|- TEST RESULTS}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        List<Document> train = read(args[2]);
        List<Document> dev = args[3].equals("-") ? null : read(args[3]);
        List<Document> test = read(args[4]);
        List<Document> unlabelled = test.stream().map(d -> Document.unlabelled(d.id(), d.lang(), d.text())).toList();
        try (Pipeline pipeline = Pipeline.named(system)) {
            long start = System.nanoTime();
            pipeline.train(train, dev);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            List<Document> predicted = pipeline.predict(unlabelled);
            double[] rounds = new double[3];
            for (int r = 0; r < rounds.length; r++) {
                long t = System.nanoTime();
                pipeline.predict(unlabelled);
                rounds[r] = unlabelled.size() / ((System.nanoTime() - t) / 1e9);
            }
            Arrays.sort(rounds);
            int singles = Math.min(1000, unlabelled.size());
            double[] latency = new double[singles];
            for (int i = 0; i < singles; i++) {
                long t = System.nanoTime();
                pipeline.predict(List.of(unlabelled.get(i)));
                latency[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(latency);
            EvaluationResult result = Evaluation.evaluate(test, predicted);
            ObjectNode row = DocumentJson.MAPPER.createObjectNode();
            row.put("dataset", args[1]);
            row.put("system", system);
            row.put("trainDocuments", train.size());
            row.put("testDocuments", test.size());
            if (pipeline.textLevel()) {
                row.put("tl", round(100 * result.tlAccuracy()));
            }
            if (pipeline.wordLevel()) {
                row.put("wl", round(100 * result.wlF1()));
            }
            if (pipeline.textLevel() && pipeline.wordLevel()) {
                row.put("all", round(100 * result.allExactMatch()));
            }
            row.put("trainSeconds", round(trainSeconds));
            row.put("batchDocsPerSecond", Math.round(rounds[1]));
            row.put("singleP50Ms", round(latency[singles / 2]));
            long childKb = pipeline.childPeakKb();
            row.put("peakRssMb", Math.round((childKb > 0 ? childKb : ownPeakKb()) / 1024.0));
            String line = DocumentJson.MAPPER.writeValueAsString(row);
            System.out.println(line);
            Files.writeString(Path.of(args[5]), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static long ownPeakKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static List<Document> read(String path) {
        Path p = Path.of(path);
        return new ArrayList<>(Formats.readAll(Formats.resolve(null, p), p, ReadOptions.DEFAULT));
    }
}
