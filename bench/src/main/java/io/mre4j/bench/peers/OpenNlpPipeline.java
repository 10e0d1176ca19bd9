package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * Apache OpenNLP as a two-model pipeline: {@code DocumentCategorizerME} (maximum entropy over bag-of-words and word
 * bigram features) for the text level, {@code NameFinderME} (maximum entropy with OpenNLP's default context features
 * and BIO outcomes) for the word level. Training parameters: OpenNLP's defaults (100 iterations) except a feature
 * cutoff of 1, which suits these small corpora better than the default 5, and one training thread.
 */
final class OpenNlpPipeline implements Pipeline {
    private DocumentCategorizerME categorizer;
    private NameFinderME finder;

    @Override
    public void train(List<Document> train, List<Document> dev) throws Exception {
        List<PeerData> data = PeerData.of(train);
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put(TrainingParameters.THREADS_PARAM, 1);
        List<DocumentSample> documents = new ArrayList<>();
        List<NameSample> sentences = new ArrayList<>();
        for (PeerData p : data) {
            if (p.words().length == 0) {
                continue;
            }
            documents.add(new DocumentSample(p.textClass(), p.words()));
            sentences.add(new NameSample(p.words(), names(p), true));
        }
        if (data.stream().anyMatch(p -> !p.document().labels().isEmpty())) {
            DoccatFactory factory = new DoccatFactory(new FeatureGenerator[] {new BagOfWordsFeatureGenerator(),
                    new NGramFeatureGenerator(2, 2)});
            categorizer = new DocumentCategorizerME(DocumentCategorizerME.train("x",
                    ObjectStreamUtils.createObjectStream(documents), params, factory));
        }
        if (data.stream().anyMatch(p -> !p.document().spans().isEmpty())) {
            finder = new NameFinderME(NameFinderME.train("x", null, ObjectStreamUtils.createObjectStream(sentences),
                    params, new TokenNameFinderFactory()));
        }
    }

    private static opennlp.tools.util.Span[] names(PeerData p) {
        List<opennlp.tools.util.Span> names = new ArrayList<>();
        int start = -1;
        String label = null;
        for (int i = 0; i <= p.tags().size(); i++) {
            var tag = i < p.tags().size() ? p.tags().get(i) : null;
            boolean continues = tag != null && tag.position() == 'I' && tag.label().equals(label);
            if (!continues) {
                if (label != null) {
                    names.add(new opennlp.tools.util.Span(start, i, label));
                    label = null;
                }
                if (tag != null && !tag.isOutside()) {
                    start = i;
                    label = tag.label();
                }
            }
        }
        return names.toArray(opennlp.tools.util.Span[]::new);
    }

    @Override
    public List<Document> predict(List<Document> input) {
        List<Document> out = new ArrayList<>(input.size());
        for (PeerData p : PeerData.of(input)) {
            List<String> labels = List.of();
            List<Span> spans = new ArrayList<>();
            if (categorizer != null) {
                labels = PeerData.labelsOf(categorizer.getBestCategory(categorizer.categorize(p.words())));
            }
            if (finder != null && p.words().length > 0) {
                for (opennlp.tools.util.Span s : finder.find(p.words())) {
                    spans.add(new Span(p.tokens().get(s.getStart()).start(), p.tokens().get(s.getEnd() - 1).end(),
                            s.getType()));
                }
                finder.clearAdaptiveData();
            }
            out.add(p.predicted(labels, spans));
        }
        return out;
    }
}
