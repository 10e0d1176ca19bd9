package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What every peer sees of a document: mre4j's own tokens for its language (so that tokenisation is equal for all
 * systems), the BIO tags of its spans, and its text labels as one class. Multi-label documents use their sorted label
 * set as one class (a powerset, as mre4j's default head does for few label sets), because the peers' classifiers are
 * single-label.
 */
public record PeerData(Document document, List<Token> tokens, String[] words, List<Tag> tags) {
    static final String NO_LABEL = "<none>";
    private static final String SEPARATOR = "\u001f";

    public static PeerData of(Document d) {
        String lang = d.lang().isEmpty() ? "en" : d.lang();
        List<Token> tokens = Tokenizers.forLanguage(lang).tokenize(d.text());
        String[] words = tokens.stream().map(t -> t.surface(d.text())).toArray(String[]::new);
        List<Tag> tags = SpanTagger.encode(tokens, d.spans(), TagScheme.BIO).tags();
        return new PeerData(d, tokens, words, tags);
    }

    public static List<PeerData> of(List<Document> documents) {
        return documents.stream().map(PeerData::of).toList();
    }

    /** The document's text labels as one class name. */
    public String textClass() {
        return document.labels().isEmpty() ? NO_LABEL : String.join(SEPARATOR, new TreeSet<>(document.labels()));
    }

    /** The text labels a class name stands for. */
    public static List<String> labelsOf(String textClass) {
        return textClass == null || textClass.equals(NO_LABEL) ? List.of()
                : Arrays.asList(textClass.split(SEPARATOR, -1));
    }

    /** Spans from one predicted tag per token. */
    public List<Span> spans(List<Tag> predicted) {
        return SpanTagger.decode(tokens, predicted);
    }

    /** The prediction as a document: the input's id, language and text, with the given labels and spans. */
    public Document predicted(List<String> labels, List<Span> spans) {
        return Document.of(document.id(), document.lang(), document.text(), labels, spans);
    }

    /** Deletes a peer's temporary folder of training and model files (flat: files only). */
    static void deleteFolder(java.nio.file.Path folder) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        java.nio.file.Files.delete(folder);
    }

    static List<Tag> outside(int n) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(Tag.OUTSIDE);
        }
        return tags;
    }
}
