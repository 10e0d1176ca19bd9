package io.mre4j.bench;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.model.JointModel;
import io.mre4j.model.bundle.ModelBundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inference speed of a model bundle on a data set: batch throughput (every document in one call) and single-document
 * latency (one call per document), after a warm-up, and the CPU time a batch call costs per document (all threads;
 * the fairest figure on a busy machine). Usage: {@code MODEL DATA [rounds]}. Prints
 * {@code | data | docs | batch docs/s | batch CPU ms/doc | single p50 ms | single p99 ms | single docs/s |}.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Document> documents = new ArrayList<>();
        for (Document d : Formats.readAll(Formats.resolve(null, data), data, ReadOptions.DEFAULT)) {
            documents.add(Document.unlabelled(d.id(), d.lang(), d.text()));
        }
        try (JointModel model = ModelBundle.read(Path.of(args[0]))) {
            for (int i = 0; i < 2; i++) {
                model.extract(documents);
            }
            double[] batch = new double[rounds];
            double[] cpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                model.extract(documents);
                batch[r] = documents.size() / ((System.nanoTime() - start) / 1e9);
                cpu[r] = (processCpuNanos() - cpuStart) / 1e6 / documents.size();
            }
            Arrays.sort(batch);
            Arrays.sort(cpu);
            for (Document d : documents) {
                model.extract(List.of(d));
            }
            double[] latency = new double[documents.size()];
            for (int i = 0; i < documents.size(); i++) {
                long start = System.nanoTime();
                model.extract(List.of(documents.get(i)));
                latency[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(latency);
            System.out.printf("| %s | %d | %,.0f | %.3f | %.2f | %.2f | %,.0f |%n", data, documents.size(),
                    batch[rounds / 2], cpu[rounds / 2], latency[latency.length / 2], latency[(int) (latency.length * 0.99)],
                    1000 / Arrays.stream(latency).average().orElse(1));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
