package io.mre4j.core.demo;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The small corpus mre4j ships for its demo: news-style sentences in English and Japanese, written for this project,
 * with a topic label (sports, business, technology, politics, travel) and entity spans (PER, ORG, LOC, DATE,
 * PRODUCT).
 */
public final class DemoCorpus {
    public static final String ENGLISH = "demo-en.jsonl";
    public static final String JAPANESE = "demo-ja.jsonl";

    private DemoCorpus() {
    }

    public static List<Document> english() {
        return read(ENGLISH);
    }

    public static List<Document> japanese() {
        return read(JAPANESE);
    }

    /** English then Japanese. */
    public static List<Document> all() {
        List<Document> all = new ArrayList<>(english());
        all.addAll(japanese());
        return all;
    }

    private static List<Document> read(String resource) {
        InputStream in = DemoCorpus.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the demo corpus " + resource + " is missing from the jar");
        }
        List<Document> documents = new ArrayList<>();
        try (CheckedReader reader = CheckedReader.of(JsonlFormat.open(in, "demo:" + resource, ReadOptions.DEFAULT),
                false)) {
            for (Document d = reader.next(); d != null; d = reader.next()) {
                documents.add(d);
            }
        }
        return documents;
    }
}
