package io.mre4j.model.bundle;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.DataException;
import io.mre4j.core.MreException;
import io.mre4j.core.Version;
import io.mre4j.core.doc.Schema;
import io.mre4j.model.Djl;
import io.mre4j.model.JointModel;
import io.mre4j.model.Mode;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.features.LabelSpace;
import io.mre4j.model.features.TextHead;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.net.JointNetwork;
import io.mre4j.model.pretrained.PretrainedEncoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model as one file (DESIGN §6): a zip holding {@code manifest.json} (schema, config, network sizes, vocabularies,
 * label space, versions and provenance) and {@code weights.bin} (DJL parameters). It is written to a temporary file
 * and renamed, so a crash never leaves half a bundle, and the weights' SHA-256 in the manifest is checked on load.
 * A bundle of another format version is refused with a message that says which.
 */
public final class ModelBundle {
    public static final String FORMAT = "mre4j-model";
    public static final int FORMAT_VERSION = 1;
    private static final String MANIFEST = "manifest.json";
    private static final String WEIGHTS = "weights.bin";
    private static final int LARGE_WEIGHTS = 32 << 20;
    private static final ObjectMapper JSON = io.mre4j.core.io.DocumentJson.MAPPER;

    private ModelBundle() {
    }

    /** Writes {@code model} to {@code target} atomically. */
    public static void write(JointModel model, Path target) {
        byte[] weights = weights(model);
        writeFile(target, manifest(model, weights), weights);
    }

    /**
     * Writes a bundle file, {@code manifest.json} and {@code weights.bin} in a zip, atomically: to a hidden temporary
     * file beside the target, then renamed. Every engine's bundle is written this way.
     */
    public static void writeFile(Path target, ObjectNode manifest, byte[] weights) {
        Path absolute = target.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(absolute.getParent());
            temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try (OutputStream file = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(file)) {
                if (weights.length > LARGE_WEIGHTS) {
                    zip.setLevel(Deflater.BEST_SPEED); // fine-tuned encoders: floats barely compress, fast wins
                }
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS));
                zip.write(weights);
                zip.closeEntry();
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MreException(target + ": cannot write the model: " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The temporary file is hidden and harmless if it cannot be removed.
                }
            }
        }
    }

    /** The manifest's {@code weights} entry: where the weights are, their size and their SHA-256. */
    public static void putWeights(ObjectNode manifest, byte[] weights) {
        ObjectNode weightNode = manifest.putObject("weights");
        weightNode.put("entry", WEIGHTS);
        weightNode.put("bytes", weights.length);
        weightNode.put("sha256", sha256(weights));
    }

    private static byte[] weights(JointModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.djlModel().getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new MreException("cannot serialise the model weights: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static ObjectNode manifest(JointModel model, byte[] weights) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("mre4jVersion", Version.get());
        root.put("djlVersion", Engine.getDjlVersion());
        root.put("engine", model.djlModel().getNDManager().getEngine().getEngineName() + " "
                + model.djlModel().getNDManager().getEngine().getVersion());
        root.put("createdAt", Instant.now().toString());
        root.set("schema", JSON.valueToTree(model.schema()));
        root.set("config", JSON.valueToTree(model.config()));
        JointNetwork network = (JointNetwork) model.djlModel().getBlock();
        root.set("network", JSON.valueToTree(network.dimensions()));
        PretrainedEncoder pretrained = network.dimensions().pretrained();
        if (pretrained != null) {
            ObjectNode encoder = root.putObject("encoder");
            encoder.put("id", pretrained.id());
            encoder.put("artifact", pretrained.artifact());
            encoder.put("sha256", pretrained.sha256());
            encoder.put("weights", network.bert().storesWeights() ? "stored" : "referenced");
        }
        putWordVectors(root, network.dimensions().vectors());
        ObjectNode vocabulary = root.putObject("vocabulary");
        vocabulary.put("normalise", model.vocabulary().normalises());
        vocabulary.set("words", JSON.valueToTree(model.vocabulary().words()));
        vocabulary.set("chars", JSON.valueToTree(model.vocabulary().chars()));
        ObjectNode labels = root.putObject("labels");
        labels.put("textHead", model.labels().textHead().name());
        labels.set("textClasses", JSON.valueToTree(model.labels().textClasses()));
        labels.set("spanLabels", JSON.valueToTree(model.labels().spanLabels()));
        root.set("provenance", JSON.valueToTree(model.provenance()));
        putWeights(root, weights);
        return root;
    }

    /** The manifest of a bundle, checked for format and version, without loading the weights. */
    public static JsonNode readManifest(Path path) {
        return open(path).manifest();
    }

    /** Loads a bundle, checking its format, version and weights checksum. */
    public static JointModel read(Path path) {
        Contents contents = open(path);
        JsonNode manifest = contents.manifest();
        String where = path.toString();
        try {
            Schema schema = JSON.treeToValue(manifest.get("schema"), Schema.class);
            TrainingConfig config = JSON.treeToValue(manifest.get("config"), TrainingConfig.class);
            JointNetwork.Dimensions dims = JSON.treeToValue(manifest.get("network"), JointNetwork.Dimensions.class);
            JsonNode vocabularyNode = manifest.get("vocabulary");
            Vocabulary vocabulary = new Vocabulary(strings(vocabularyNode.get("words")),
                    strings(vocabularyNode.get("chars")), vocabularyNode.get("normalise").asBoolean());
            JsonNode labelsNode = manifest.get("labels");
            List<List<String>> classes = new ArrayList<>();
            for (JsonNode c : labelsNode.get("textClasses")) {
                classes.add(strings(c));
            }
            LabelSpace labels = new LabelSpace(TextHead.valueOf(labelsNode.get("textHead").asText()), classes,
                    strings(labelsNode.get("spanLabels")));
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = JSON.treeToValue(manifest.get("provenance"), Map.class);
            // Prediction runs batches in parallel, one core each (JointModel.predict), whatever training used.
            Engine engine = Djl.engine(1);
            Model model = Model.newInstance("mre4j-joint", engine.defaultDevice(), engine.getEngineName());
            JointNetwork network = new JointNetwork(dims);
            model.setBlock(network);
            network.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, 1), new ai.djl.ndarray.types.Shape(1, 1));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(contents.weights()))) {
                network.loadParameters(model.getNDManager(), in);
            }
            if (network.bert() != null && !network.bert().storesWeights()) {
                network.bert().loadPretrained(referenced(manifest.path("encoder"), dims.pretrained(), where));
            }
            checkWordVectors(manifest, dims.vectors(), where);
            if (dims.mode() != config.mode()) {
                throw new DataException(where, 0, "is inconsistent: network mode " + dims.mode() + " but config mode "
                        + config.mode);
            }
            return new JointModel(schema, config, vocabulary, labels, model, provenance);
        } catch (JsonProcessingException | NullPointerException | IllegalArgumentException e) {
            throw new DataException(where, 0, "is not a valid mre4j model: its manifest is incomplete ("
                    + e.getMessage() + ")");
        } catch (IOException | MalformedModelException e) {
            throw new DataException(where, 0, "is not a valid mre4j model: its weights do not fit its network ("
                    + e.getMessage() + ")");
        }
    }

    /** Records in a manifest which encoder's word vectors ({@code wordVectors}) a model reads; none: nothing. */
    public static void putWordVectors(ObjectNode root, PretrainedEncoder vectors) {
        if (vectors != null) {
            ObjectNode node = root.putObject("wordVectors");
            node.put("id", vectors.id());
            node.put("artifact", vectors.artifact());
            node.put("sha256", vectors.sha256());
        }
    }

    /** Checks that the word vectors a manifest refers to are on the class path, the very ones trained with. */
    public static void checkWordVectors(JsonNode manifest, PretrainedEncoder vectors, String where) {
        if (vectors != null) {
            referenced(manifest.path("wordVectors"), vectors, where);
        }
    }

    /**
     * A pretrained encoder whose weights a bundle refers to instead of storing them (a frozen encoder, or the source
     * of static word vectors), after checking that its jar is on the class path and holds the very weights the model
     * was trained with. {@code node} is the manifest's reference (artifact and SHA-256).
     */
    private static PretrainedEncoder referenced(JsonNode node, PretrainedEncoder encoder, String where) {
        String artifact = node.path("artifact").asText(encoder.artifact());
        String expected = node.path("sha256").asText("");
        String actual;
        try {
            actual = encoder.sha256();
        } catch (DataException e) {
            throw new DataException(where, 0, "refers to the weights of pretrained encoder " + encoder.id()
                    + " in " + artifact + " instead of storing them, but they cannot be read: " + e.getMessage());
        }
        if (!expected.equals(actual)) {
            throw new DataException(where, 0, "was trained on the weights of pretrained encoder " + encoder.id()
                    + " from " + artifact + " (sha256 " + expected + "), but the jar on the class path ("
                    + encoder.artifact() + ") holds other weights (sha256 " + actual + "); put " + artifact
                    + " on the class path");
        }
        return encoder;
    }

    /** What a bundle file holds, after the checks that need no DJL. */
    public record Contents(JsonNode manifest, byte[] weights) {
    }

    /**
     * A bundle file's manifest and weights, checked: a readable zip, the mre4j format and its version, and the
     * weights' checksum. Every engine's bundle is read this way; a failed check is a one-line data error.
     */
    public static Contents open(Path path) {
        String where = path.toString();
        byte[] manifestBytes = null;
        byte[] weights = null;
        try (InputStream file = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(MANIFEST)) {
                    manifestBytes = zip.readAllBytes();
                } else if (entry.getName().equals(WEIGHTS)) {
                    weights = zip.readAllBytes();
                }
            }
        } catch (NoSuchFileException e) {
            throw DataException.fatal(where, 0, "no such model file", e);
        } catch (ZipException | java.io.EOFException e) {
            throw DataException.fatal(where, 0, "is not an mre4j model (not a readable bundle: " + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            throw DataException.fatal(where, 0, "cannot read the model: " + e.getMessage(), e);
        }
        if (manifestBytes == null) {
            throw new DataException(where, 0, "is not an mre4j model (no " + MANIFEST + " inside)");
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(new String(manifestBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new DataException(where, 0, "is corrupt: its manifest is not JSON");
        }
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new DataException(where, 0, "is not an mre4j model (format '" + manifest.path("format").asText()
                    + "')");
        }
        int version = manifest.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new DataException(where, 0, "was written by mre4j " + manifest.path("mre4jVersion").asText("?")
                    + " in bundle format " + version + "; this mre4j " + Version.get() + " reads format "
                    + FORMAT_VERSION + " only: retrain the model or use a matching mre4j");
        }
        if (weights == null) {
            throw new DataException(where, 0, "is corrupt: no " + WEIGHTS + " inside");
        }
        String expected = manifest.path("weights").path("sha256").asText();
        if (!expected.equals(sha256(weights))) {
            throw new DataException(where, 0, "is corrupt: the weights' checksum does not match the manifest");
        }
        return new Contents(manifest, weights);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
