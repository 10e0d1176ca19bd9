package io.mre4j.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.mre4j.core.DataException;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.WordVectors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every hyper-parameter of a joint model, with its default. One JSON file of these fields reproduces a training run
 * ({@code mre4j train --config run.json}); a field left out keeps its default, an unknown field is an error. The
 * bundle stores the whole config, so {@code mre4j info} shows exactly what made a model.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class TrainingConfig {
    @JsonPropertyDescription("joint, text or word: which heads to train")
    public String mode = "joint";

    @JsonPropertyDescription("Random seed: parameter initialisation, shuffling, dropout and the dev split")
    public long seed = 42;

    @JsonPropertyDescription("auto, softmax, sigmoid or powerset. auto: softmax for single-label data; for multi-label "
            + "data, powerset (each label set one class) when the training data has at most powersetMaxSets label "
            + "sets, else independent sigmoids")
    public String textHead = "auto";

    @JsonPropertyDescription("Largest number of distinct label sets for which auto picks the powerset head")
    public int powersetMaxSets = 256;

    @JsonPropertyDescription("Size of the word embeddings")
    public int wordDim = 100;

    @JsonPropertyDescription("Size of the character embeddings")
    public int charDim = 32;

    @JsonPropertyDescription("Number of character CNN filters (width 3); 0 turns character features off")
    public int charFilters = 64;

    @JsonPropertyDescription("Hidden size of each LSTM direction")
    public int hidden = 160;

    @JsonPropertyDescription("Size of the text-label embedding that conditions the tagger (joint mode)")
    public int labelDim = 64;

    @JsonPropertyDescription("Dropout on embeddings and encoder outputs")
    public float dropout = 0.33f;

    @JsonPropertyDescription("Probability of replacing a training word seen once with the unknown word")
    public float singletonUnk = 0.5f;

    @JsonPropertyDescription("Lower-case words and map digits to 0 before the word vocabulary (characters keep case)")
    public boolean normaliseWords = true;

    @JsonPropertyDescription("Adam learning rate")
    public float learningRate = 0.002f;

    @JsonPropertyDescription("Largest global L2 norm of the gradients; larger ones are scaled down to it "
            + "(0: no clipping)")
    public float clipNorm = 5f;

    @JsonPropertyDescription("Label smoothing e of the softmax and powerset text loss: the target is 1 - e on the "
            + "gold class plus e / classes on every class (0: none; sigmoid heads are not smoothed). 0.1 lifted ATIS "
            + "TL by 0.5 on five seeds but did not help SNIPS, CAIS or SemEval-14 and cost chABSA 1.2 WL points")
    public float textLabelSmoothing = 0f;

    @JsonPropertyDescription("Decay of the moving average of the weights that dev scores and the saved model use "
            + "(0: the last step's weights)")
    public float weightAverageDecay = 0.995f;

    @JsonPropertyDescription("Documents per batch (batches hold documents of one token length)")
    public int batchSize = 32;

    @JsonPropertyDescription("Most epochs to train")
    public int maxEpochs = 15;

    @JsonPropertyDescription("Stop when the dev score has not improved for this many epochs")
    public int patience = 6;

    @JsonPropertyDescription("Weight of the auxiliary token-level loss that trains the word evidence fed to the text "
            + "head (joint mode)")
    public float evidenceLossWeight = 0.5f;

    @JsonPropertyDescription("Weight of the text-level loss against the CRF loss (joint mode). The CRF loss sums over "
            + "a text's tokens, the text loss is one term per text, so without a weight the tagger dominates the "
            + "shared encoder")
    public float textLossWeight = 1f;

    @JsonPropertyDescription("Share of the training documents held out as dev set when no dev set is given")
    public float devFraction = 0.1f;

    @JsonPropertyDescription("Longest text in tokens the model reads; tokens after it are never tagged")
    public int maxTokens = 256;

    @JsonPropertyDescription("Longest token in characters seen by the character CNN")
    public int maxTokenChars = 24;

    @JsonPropertyDescription("Threads PyTorch may use for one operation (0: every core). The default is 1: with two "
            + "threads, PyTorch 2.7.1's oneDNN matrix-vector kernel crashed the JVM or produced NaNs while training on "
            + "chABSA; with one thread, trainings in one JVM are reproducible")
    public int threads = 1;

    @JsonPropertyDescription("The encoder: scratch (word + character features and a BiLSTM, any language), minilm-en "
            + "(all-MiniLM-L6-v2) or bge-small-zh (bge-small-zh-v1.5); the pretrained ones are read from their Maven "
            + "jars and fine-tuned unless freezeEncoder")
    public String encoder = "scratch";

    @JsonPropertyDescription("Static word vectors the from-scratch encoder reads beside its own word embeddings: none, "
            + "minilm-en, bge-small-zh, or auto (the one for the training data's language: minilm-en for English, "
            + "bge-small-zh for Chinese, none otherwise). Each word's vector is the mean of its subwords' input "
            + "embeddings in that encoder's table, read from its Maven jar; unseen words get one too")
    public String wordVectors = "auto";

    @JsonPropertyDescription("Keep a pretrained encoder's weights fixed and train the heads only; the bundle then "
            + "refers to the encoder's jar instead of storing its weights")
    public boolean freezeEncoder = false;

    @JsonPropertyDescription("While fine-tuning a pretrained encoder, keep its embedding tables fixed and train its "
            + "layers: the word table is half of the weights and half of the optimiser's time per step")
    public boolean freezeEmbeddings = true;

    @JsonPropertyDescription("Adam learning rate of a pretrained encoder's weights while fine-tuning (the heads keep "
            + "learningRate)")
    public float encoderLearningRate = 1e-4f;

    @JsonPropertyDescription("Dropout inside a pretrained encoder (embeddings, attention, sub-layers) and on the word "
            + "states it gives the heads; replaces dropout with a pretrained encoder")
    public float encoderDropout = 0.1f;

    @JsonPropertyDescription("How a word's state is made from its subwords' (pretrained encoders): first (the first "
            + "subword's) or mean (the mean of its subwords')")
    public String subwordPooling = "first";

    @JsonPropertyDescription("With a pretrained encoder, also read the from-scratch encoder's word embeddings and "
            + "character CNN, and run its BiLSTM over them and the pretrained word states together (the heads then "
            + "read the BiLSTM); false puts the heads straight on the pretrained encoder, as JointBERT does")
    public boolean hybridEncoder = false;

    @JsonPropertyDescription("Most subwords a pretrained encoder reads per text, [CLS] and [SEP] included (at most "
            + "the encoder's 512 positions); words past it are cut off with the rest of the text")
    public int maxSubwords = 512;

    @JsonPropertyDescription("Hash slots of the text head's n-gram features (word unigrams and bigrams, character "
            + "trigrams), whose linear weights are added to the text logits; 0 turns them off")
    public int textNgramBuckets = 0;

    @JsonPropertyDescription("Threads that compute the gradients of a batch's shards at the same time (data "
            + "parallelism, one per core at most). Any count is reproducible for a seed; 2 was barely faster than 1 on "
            + "two cores")
    public int workers = 1;

    public Mode mode() {
        return Mode.parse(mode);
    }

    /** The pretrained encoder, or null for the from-scratch one. */
    public PretrainedEncoder pretrainedEncoder() {
        return encoder.equals("scratch") ? null : PretrainedEncoder.parse(encoder);
    }

    /**
     * The encoder whose static word vectors the from-scratch encoder reads for training documents in
     * {@code documentLanguages} (one per document; {@link WordVectors#resolve}), or null: also with a pretrained
     * encoder, which has no use for them.
     */
    public PretrainedEncoder wordVectorsEncoder(java.util.List<String> documentLanguages) {
        return pretrainedEncoder() != null ? null : WordVectors.resolve(wordVectors, documentLanguages);
    }

    /** Reads a config file; fields left out keep their defaults. */
    public static TrainingConfig read(Path path) {
        try {
            return DocumentJson.MAPPER.readValue(path.toFile(), TrainingConfig.class);
        } catch (IOException e) {
            throw new DataException(path.toString(), 0, "not a training config: " + e.getMessage()
                    .replaceAll("\\s*\\(through reference chain.*", ""));
        }
    }

    /** A copy with the same values. */
    public TrainingConfig copy() {
        return DocumentJson.MAPPER.convertValue(DocumentJson.MAPPER.valueToTree(this), TrainingConfig.class);
    }

    /** Checks every value; a bad one is a {@link DataException} naming the field. */
    public TrainingConfig validate() {
        try {
            mode();
        } catch (IllegalArgumentException e) {
            throw new DataException("config field 'mode' must be joint, text or word, not '" + mode + "'");
        }
        if (!java.util.Set.of("auto", "softmax", "sigmoid", "powerset").contains(textHead)) {
            throw new DataException("config field 'textHead' must be auto, softmax, sigmoid or powerset, not '"
                    + textHead + "'");
        }
        positive("wordDim", wordDim);
        positive("hidden", hidden);
        positive("labelDim", labelDim);
        positive("batchSize", batchSize);
        positive("workers", workers);
        if (textNgramBuckets < 0 || textNgramBuckets == 1) {
            throw new DataException("config field 'textNgramBuckets' must be 0 (off) or at least 2");
        }
        positive("maxEpochs", maxEpochs);
        positive("maxTokens", maxTokens);
        positive("maxTokenChars", maxTokenChars);
        if (charFilters > 0) {
            positive("charDim", charDim);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new DataException("config field 'dropout' must be in [0, 1)");
        }
        if (devFraction <= 0 || devFraction >= 1) {
            throw new DataException("config field 'devFraction' must be in (0, 1)");
        }
        if (!encoder.equals("scratch")) {
            PretrainedEncoder pretrained;
            try {
                pretrained = PretrainedEncoder.parse(encoder);
            } catch (DataException e) {
                throw new DataException("config field 'encoder' must be scratch, minilm-en or bge-small-zh, not '"
                        + encoder + "'");
            }
            if (maxSubwords < 3 || maxSubwords > pretrained.shape().positions()) {
                throw new DataException("config field 'maxSubwords' must be in [3, " + pretrained.shape().positions()
                        + "] for encoder " + encoder + ", not " + maxSubwords);
            }
        }
        WordVectors.checkSetting(wordVectors);
        if (!subwordPooling.equals("first") && !subwordPooling.equals("mean")) {
            throw new DataException("config field 'subwordPooling' must be first or mean, not '" + subwordPooling
                    + "'");
        }
        if (textLabelSmoothing < 0 || textLabelSmoothing >= 1) {
            throw new DataException("config field 'textLabelSmoothing' must be in [0, 1)");
        }
        if (encoderLearningRate <= 0) {
            throw new DataException("config field 'encoderLearningRate' must be positive");
        }
        if (encoderDropout < 0 || encoderDropout >= 1) {
            throw new DataException("config field 'encoderDropout' must be in [0, 1)");
        }
        if (learningRate <= 0) {
            throw new DataException("config field 'learningRate' must be positive");
        }
        return this;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new DataException("config field '" + name + "' must be positive, not " + value);
        }
    }
}
