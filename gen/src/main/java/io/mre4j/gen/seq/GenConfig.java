package io.mre4j.gen.seq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.mre4j.core.DataException;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.pretrained.WordVectors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every hyper-parameter of the built-in generator, with its default. The bundle stores the whole config. A field left
 * out of a config file keeps its default; an unknown field is an error.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class GenConfig {
    @JsonPropertyDescription("Random seed: initialisation, shuffling, dropout and the dev split")
    public long seed = 42;

    @JsonPropertyDescription("Size of the word embeddings")
    public int wordDim = 100;

    @JsonPropertyDescription("Hidden size of each encoder LSTM direction")
    public int hidden = 128;

    @JsonPropertyDescription("Static word vectors the encoder reads beside its word embeddings: none, auto, minilm-en "
            + "or bge-small-zh, as for the joint model (auto: the encoder of the training data's language)")
    public String wordVectors = "none";

    @JsonPropertyDescription("Character CNN filters in the encoder (0: words only, the default so far)")
    public int charFilters = 0;

    @JsonPropertyDescription("Character embedding size (with charFilters > 0)")
    public int charDim = 32;

    @JsonPropertyDescription("Characters of a token the character CNN reads")
    public int maxTokenChars = 24;

    @JsonPropertyDescription("Weight of the text classifier over the encoder: its loss beside the decoder's, and its "
            + "log-probabilities added to the label tokens' scores when decoding (0: no classifier)")
    public float textClassifier = 1f;

    @JsonPropertyDescription("Hidden size of the decoder LSTM cell")
    public int decoderHidden = 192;

    @JsonPropertyDescription("Size of the previous output token's embedding")
    public int tokenDim = 64;

    @JsonPropertyDescription("Dropout on embeddings, encoder states and decoder outputs")
    public float dropout = 0.3f;

    @JsonPropertyDescription("Probability of replacing a training word seen once with the unknown word")
    public float singletonUnk = 0.5f;

    @JsonPropertyDescription("Adam learning rate")
    public float learningRate = 0.002f;

    @JsonPropertyDescription("Largest global L2 norm of the gradients (0: no clipping)")
    public float clipNorm = 5f;

    @JsonPropertyDescription("Moving average of the weights used for dev scores and the saved model (0: off)")
    public float weightAverageDecay = 0.995f;

    @JsonPropertyDescription("Documents per batch (a batch holds documents of one token length)")
    public int batchSize = 32;

    @JsonPropertyDescription("Most epochs")
    public int maxEpochs = 30;

    @JsonPropertyDescription("Epochs without dev improvement before stopping")
    public int patience = 5;

    @JsonPropertyDescription("Share of the training documents held out as dev set when none is given")
    public float devFraction = 0.1f;

    @JsonPropertyDescription("Longest text in tokens the generator reads")
    public int maxTokens = 256;

    @JsonPropertyDescription("PyTorch threads per operation (0: every core)")
    public int threads = 1;

    /** Reads a config file; a bad or unknown field is a {@link DataException} naming the file. */
    public static GenConfig read(Path path) {
        try {
            return DocumentJson.MAPPER.readValue(path.toFile(), GenConfig.class);
        } catch (IOException e) {
            throw new DataException(path.toString(), 0, "not a generator config: " + e.getMessage()
                    .replaceAll("\\s*\\(through reference chain.*", ""));
        }
    }

    /** A copy with the same values. */
    public GenConfig copy() {
        return DocumentJson.MAPPER.convertValue(DocumentJson.MAPPER.valueToTree(this), GenConfig.class);
    }

    /** Checks every value; a bad one is a {@link DataException} naming the field. */
    public GenConfig validate() {
        positive("wordDim", wordDim);
        WordVectors.checkSetting(wordVectors);
        positive("hidden", hidden);
        positive("decoderHidden", decoderHidden);
        positive("tokenDim", tokenDim);
        positive("batchSize", batchSize);
        positive("maxEpochs", maxEpochs);
        positive("patience", patience);
        positive("maxTokens", maxTokens);
        if (charFilters < 0) {
            throw new DataException("config field 'charFilters' must not be negative, not " + charFilters);
        }
        if (charFilters > 0) {
            positive("charDim", charDim);
            positive("maxTokenChars", maxTokenChars);
        }
        fraction("dropout", dropout);
        fraction("singletonUnk", singletonUnk);
        fraction("devFraction", devFraction);
        fraction("weightAverageDecay", weightAverageDecay);
        if (!(textClassifier >= 0)) {
            throw new DataException("config field 'textClassifier' must not be negative, not " + textClassifier);
        }
        if (!(learningRate > 0)) {
            throw new DataException("config field 'learningRate' must be positive, not " + learningRate);
        }
        if (clipNorm < 0 || threads < 0) {
            throw new DataException("config fields 'clipNorm' and 'threads' must not be negative");
        }
        return this;
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new DataException("config field '" + field + "' must be at least 1, not " + value);
        }
    }

    private static void fraction(String field, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new DataException("config field '" + field + "' must be in [0, 1), not " + value);
        }
    }
}
