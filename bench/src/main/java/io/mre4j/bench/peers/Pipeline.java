package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;

import java.util.List;

/**
 * One system under benchmark: trained on a training set, then asked for the text labels and spans of unlabelled
 * documents. Peers that cover one level only leave the other empty.
 */
public interface Pipeline extends AutoCloseable {
    /** Trains on {@code train}; {@code dev} may be null (systems without early stopping ignore it). */
    void train(List<Document> train, List<Document> dev) throws Exception;

    /** Predicted documents, in input order. */
    List<Document> predict(List<Document> documents) throws Exception;

    /** Whether the pipeline predicts text labels (all systems here do). */
    default boolean textLevel() {
        return true;
    }

    /** Whether the pipeline predicts spans. */
    default boolean wordLevel() {
        return true;
    }

    /** Peak resident memory of processes the pipeline started itself, in kB (0 when it runs in this JVM only). */
    default long childPeakKb() {
        return 0;
    }

    @Override
    default void close() throws Exception {
    }

    static Pipeline named(String name) {
        return switch (name) {
            case "mre4j" -> new Mre4jPipeline("scratch");
            case "mre4j-minilm" -> new Mre4jPipeline("minilm-en");
            case "mre4j-bge" -> new Mre4jPipeline("bge-small-zh");
            case "opennlp" -> new OpenNlpPipeline();
            case "corenlp" -> new CoreNlpPipeline();
            case "fasttext" -> new FastTextPipeline();
            default -> throw new IllegalArgumentException("unknown system '" + name
                    + "' (mre4j, mre4j-minilm, mre4j-bge, opennlp, corenlp, fasttext)");
        };
    }
}
