package io.mre4j.core.format;

import io.mre4j.core.doc.Document;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Fixture paths and reading shortcuts for format tests. */
final class FormatTestSupport {
    private FormatTestSupport() {
    }

    static Path fixture(String relative) {
        try {
            return Path.of(FormatTestSupport.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Document> read(String format, Path path) {
        return Formats.readAll(Formats.byName(format), path, ReadOptions.DEFAULT);
    }

    static String surface(Document d, int span) {
        return d.spans().get(span).surface(d.text());
    }
}
