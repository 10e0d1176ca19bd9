package io.mre4j.bench.peers;

import edu.stanford.nlp.classify.ColumnDataClassifier;
import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import io.mre4j.core.doc.Document;
import io.mre4j.core.tag.Tag;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Stanford CoreNLP (GPL-3; benchmark only) as a two-model pipeline. Text level: {@code ColumnDataClassifier}, a
 * maximum-entropy classifier over split words, word pairs and first/last words, with the settings of CoreNLP's own
 * examples. Word level: {@code CRFClassifier}, a linear-chain CRF over words, neighbouring words, word shapes and
 * label sequences (the core of CoreNLP's NER training example), learning IO tags (the span label or O per token) as
 * CoreNLP's own NER models do; adjacent tokens with the same label decode as one span. CoreNLP gives every feature a
 * weight for each label pair; with ATIS's 80 labels that made 48 million weights and ran past a 16 GB heap, so the
 * CRF allows only the label sequences seen in training ({@code useObservedSequencesOnly}: 3 million weights) and keeps
 * 10 instead of 25 quasi-Newton memory vectors. Even so, training on ATIS had not converged after 18 minutes, so the
 * optimiser stops after 100 iterations (the training log shows the objective). Both read training files, written to a
 * temporary folder. Everything runs on one thread.
 */
final class CoreNlpPipeline implements Pipeline {
    private ColumnDataClassifier classifier;
    private CRFClassifier<CoreLabel> crf;

    @Override
    public void train(List<Document> train, List<Document> dev) throws Exception {
        List<PeerData> data = PeerData.of(train);
        Path folder = Files.createTempDirectory("mre4j-corenlp");
        try {
            if (data.stream().anyMatch(p -> !p.document().labels().isEmpty())) {
                Path file = folder.resolve("text.tsv");
                try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    for (PeerData p : data) {
                        out.write(p.textClass() + "\t" + String.join(" ", p.words()) + "\n");
                    }
                }
                Properties props = new Properties();
                props.setProperty("goldAnswerColumn", "0");
                props.setProperty("useClassFeature", "true");
                props.setProperty("1.useSplitWords", "true");
                props.setProperty("1.splitWordsRegexp", " ");
                props.setProperty("1.useSplitWordPairs", "true");
                props.setProperty("1.useSplitFirstLastWords", "true");
                props.setProperty("intern", "true");
                props.setProperty("sigma", "3");
                props.setProperty("useQN", "true");
                props.setProperty("QNsize", "15");
                props.setProperty("tolerance", "1e-4");
                classifier = new ColumnDataClassifier(props);
                if (!classifier.trainClassifier(file.toString())) {
                    throw new IllegalStateException("ColumnDataClassifier did not train");
                }
            }
            if (data.stream().anyMatch(p -> !p.document().spans().isEmpty())) {
                Path file = folder.resolve("tags.tsv");
                try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    for (PeerData p : data) {
                        if (p.words().length == 0) {
                            continue;
                        }
                        for (int i = 0; i < p.words().length; i++) {
                            Tag tag = p.tags().get(i);
                            out.write(p.words()[i] + "\t" + (tag.isOutside() ? "O" : tag.label()) + "\n");
                        }
                        out.write("\n");
                    }
                }
                Properties props = new Properties();
                props.setProperty("trainFile", file.toString());
                props.setProperty("map", "word=0,answer=1");
                props.setProperty("useClassFeature", "true");
                props.setProperty("useWord", "true");
                props.setProperty("usePrev", "true");
                props.setProperty("useNext", "true");
                props.setProperty("useSequences", "true");
                props.setProperty("usePrevSequences", "true");
                props.setProperty("maxLeft", "1");
                props.setProperty("useObservedSequencesOnly", "true");
                props.setProperty("wordShape", "chris2useLC");
                props.setProperty("QNsize", "10");
                props.setProperty("maxQNItr", "100");
                crf = new CRFClassifier<>(props);
                crf.train();
            }
        } finally {
            PeerData.deleteFolder(folder);
        }
    }

    /**
     * Predicts through the CRF's own column reader (as for its training file), so that the features it derives while
     * reading, such as word shapes, are there at prediction time too; CoreLabels built by hand lack them.
     */
    @Override
    public List<Document> predict(List<Document> input) {
        List<PeerData> data = PeerData.of(input);
        List<List<Tag>> tags = new ArrayList<>();
        for (PeerData p : data) {
            tags.add(PeerData.outside(p.words().length));
        }
        if (crf != null) {
            StringBuilder columns = new StringBuilder();
            List<Integer> tagged = new ArrayList<>();
            for (int d = 0; d < data.size(); d++) {
                String[] words = data.get(d).words();
                if (words.length == 0) {
                    continue;
                }
                tagged.add(d);
                for (String w : words) {
                    columns.append(w).append("\tO\n");
                }
                columns.append('\n');
            }
            int k = 0;
            for (List<CoreLabel> sentence : crf.makeObjectBankFromString(columns.toString(),
                    crf.makeReaderAndWriter())) {
                List<Tag> answer = new ArrayList<>();
                for (CoreLabel a : crf.classify(sentence)) {
                    String label = a.get(CoreAnnotations.AnswerAnnotation.class);
                    boolean continues = !answer.isEmpty() && answer.get(answer.size() - 1).label().equals(label);
                    answer.add(label == null || label.equals("O") ? Tag.OUTSIDE
                            : new Tag(continues ? 'I' : 'B', label));
                }
                tags.set(tagged.get(k++), answer);
            }
        }
        List<Document> out = new ArrayList<>(input.size());
        for (int d = 0; d < data.size(); d++) {
            PeerData p = data.get(d);
            List<String> labels = List.of();
            if (classifier != null) {
                labels = PeerData.labelsOf(classifier.classOf(classifier.makeDatumFromLine(
                        PeerData.NO_LABEL + "\t" + String.join(" ", p.words()))));
            }
            out.add(p.predicted(labels, p.spans(tags.get(d))));
        }
        return out;
    }
}
