package io.mre4j.core.format;

import io.mre4j.core.doc.Document;

/** A stream of documents read from one source. */
public interface DocumentReader extends AutoCloseable {
    /** The next document, or null at the end. A bad record throws a {@code DataException} with its location. */
    Document next();

    /** The file the last document came from. */
    String source();

    /** The 1-based line where the last document starts, or 0 when the format has no lines. */
    int line();

    @Override
    void close();
}
