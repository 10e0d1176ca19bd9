package io.mre4j.bench;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.DocumentFormat;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.format.WritableFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times reading each shared dataset and converting it to JSONL, once the JVM is warm, and prints a Markdown table.
 * Each dataset is read and written {@code warmup} times untimed, then {@code runs} times timed; the table gives the
 * median and the fastest run. Usage: {@code FormatBenchmark SHARED_DATA_DIR [warmup] [runs]}.
 */
public final class FormatBenchmark {
    private static final String[][] DATASETS = {
            {"snips/train", "atis"},
            {"atis/train", "atis"},
            {"cais/train/ch.train", "bio"},
            {"semeval2014-absa-restaurants/Restaurants_Train.xml", "semeval14"},
            {"chabsa-dev", "chabsa"},
            {"ner-wikipedia-ja/ner.json", "stockmark"},
            {"xsid/ja.test.conll", "xsid"},
    };

    private FormatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        if (!Files.isDirectory(data)) {
            System.err.println("shared data not found at " + data + "; nothing to measure");
            System.exit(3);
        }
        Path out = Files.createTempFile("mre4j-bench", ".jsonl");
        WritableFormat jsonl = Formats.writable("jsonl");
        System.out.printf("Warm JVM: %d untimed runs, then %d timed runs; %s, %d cores, Java %s%n%n", warmup, runs,
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("| dataset | format | documents | read: median ms | read + write JSONL: median ms | "
                + "fastest ms | documents/s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String[] dataset : DATASETS) {
            Path path = data.resolve(dataset[0]);
            if (!Files.exists(path)) {
                System.out.printf("| %s | %s | absent | | | | |%n", dataset[0], dataset[1]);
                continue;
            }
            DocumentFormat format = Formats.byName(dataset[1]);
            int documents = Formats.readAll(format, path, ReadOptions.DEFAULT).size();
            for (int i = 0; i < warmup; i++) {
                Formats.write(jsonl, out, Formats.readAll(format, path, ReadOptions.DEFAULT));
            }
            double[] read = new double[runs];
            double[] convert = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                List<Document> documentsRead = new ArrayList<>(Formats.readAll(format, path, ReadOptions.DEFAULT));
                long middle = System.nanoTime();
                Formats.write(jsonl, out, documentsRead);
                long end = System.nanoTime();
                read[i] = (middle - start) / 1e6;
                convert[i] = (end - start) / 1e6;
            }
            Arrays.sort(read);
            Arrays.sort(convert);
            double median = convert[runs / 2];
            System.out.printf("| %s | %s | %,d | %.1f | %.1f | %.1f | %,.0f |%n", dataset[0], dataset[1], documents,
                    read[runs / 2], median, convert[0], documents / (median / 1000));
        }
        Files.deleteIfExists(out);
    }
}
