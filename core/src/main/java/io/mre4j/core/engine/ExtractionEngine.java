package io.mre4j.core.engine;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;

import java.util.List;

/**
 * What every engine is (DESIGN §4): documents with a text go in, the same documents with predicted labels, spans and
 * scores come out, always inside the engine's schema. The CLI, the server and the batch job depend on this interface,
 * never on a concrete engine. Implementations are thread-safe.
 */
public interface ExtractionEngine extends AutoCloseable {
    /** The schema every prediction stays inside. */
    Schema schema();

    /**
     * Predicts each document. Only {@code id}, {@code lang} and {@code text} of the inputs are read; the outputs keep
     * them and carry the predicted labels, spans and scores. The order of the inputs is kept.
     */
    List<Document> extract(List<Document> inputs);

    /** Releases native resources; the engine cannot be used afterwards. */
    @Override
    default void close() {
    }
}
