package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fastText (Debian's {@code fasttext} binary) for the text level only: {@code supervised} with word bigrams, 25
 * epochs and learning rate 0.5 (the settings of fastText's own text-classification tutorial), one thread. Prediction
 * streams texts through one long-lived {@code fasttext predict MODEL -} process, so that single-document latency
 * measures the classifier, not a process start. Texts are mre4j's tokens joined by spaces.
 */
final class FastTextPipeline implements Pipeline {
    private static final String EMPTY = "__empty__";
    private final List<String> classes = new ArrayList<>();
    private Path folder;
    private Process process;
    private BufferedWriter toProcess;
    private BufferedReader fromProcess;
    private long trainPeakKb;

    @Override
    public void train(List<Document> train, List<Document> dev) throws Exception {
        folder = Files.createTempDirectory("mre4j-fasttext");
        Map<String, Integer> ids = new HashMap<>();
        Path input = folder.resolve("train.txt");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (PeerData p : PeerData.of(train)) {
                int id = ids.computeIfAbsent(p.textClass(), c -> {
                    classes.add(c);
                    return classes.size() - 1;
                });
                out.write("__label__c" + id + " " + text(p) + "\n");
            }
        }
        Path rss = folder.resolve("rss");
        Process trainer = new ProcessBuilder("/usr/bin/time", "-f", "%M", "-o", rss.toString(), "fasttext",
                "supervised", "-input", input.toString(), "-output", folder.resolve("model").toString(), "-epoch",
                "25", "-lr", "0.5", "-wordNgrams", "2", "-thread", "1", "-verbose", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (trainer.waitFor() != 0) {
            throw new IllegalStateException("fasttext supervised failed (is Debian's fasttext installed?)");
        }
        trainPeakKb = Long.parseLong(Files.readAllLines(rss).get(0).trim());
        process = new ProcessBuilder("fasttext", "predict", folder.resolve("model.bin").toString(), "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        toProcess = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        fromProcess = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String text(PeerData p) {
        return p.words().length == 0 ? EMPTY : String.join(" ", p.words()).replaceAll("\\s+", " ");
    }

    @Override
    public List<Document> predict(List<Document> input) throws Exception {
        List<PeerData> data = PeerData.of(input);
        Thread writer = new Thread(() -> {
            try {
                for (PeerData p : data) {
                    toProcess.write(text(p));
                    toProcess.write('\n');
                }
                toProcess.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        List<Document> out = new ArrayList<>(data.size());
        for (PeerData p : data) {
            String line = fromProcess.readLine();
            if (line == null || !line.startsWith("__label__c")) {
                throw new IllegalStateException("fasttext predict answered '" + line + "'");
            }
            out.add(p.predicted(PeerData.labelsOf(classes.get(Integer.parseInt(line.trim().substring(10)))),
                    List.of()));
        }
        writer.join();
        return out;
    }

    @Override
    public boolean wordLevel() {
        return false;
    }

    @Override
    public long childPeakKb() {
        long predictPeak = 0;
        if (process != null && process.isAlive()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        predictPeak = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                predictPeak = 0;
            }
        }
        return Math.max(trainPeakKb, predictPeak);
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            toProcess.close();
            process.waitFor();
        }
        if (folder != null) {
            PeerData.deleteFolder(folder);
        }
    }
}
