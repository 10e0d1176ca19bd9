package io.mre4j.core.format;

import io.mre4j.core.doc.Document;

/** Writes documents in one format. A document the format cannot hold is a {@code DataException}. */
public interface DocumentWriter {
    void write(Document document);

    /** Writes whatever the format keeps until the end (a closing tag, a parallel file). */
    default void finish() {
    }
}
