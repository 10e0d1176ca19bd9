package io.mre4j.gen.seq;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.DataException;
import io.mre4j.core.Version;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.gen.Constraint;
import io.mre4j.model.Djl;
import io.mre4j.model.train.TrainingSteps;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.features.Vocabulary;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generator as one file, in the model bundle format of {@link ModelBundle} (a zip of {@code manifest.json} and
 * {@code weights.bin}, written atomically, the weights' SHA-256 checked on load) with {@code "engine": "gen"} in the
 * manifest, so that {@code mre4j info} reads it like any model and the commands can tell the engines apart. The
 * manifest holds the schema, the generator's config, the network's sizes, the dialect, the word vocabulary and the
 * provenance.
 */
public final class GenBundle {
    /** The manifest's {@code engine} value of a generator bundle. */
    public static final String ENGINE = "gen";
    private static final String MANIFEST = "manifest.json";
    private static final String WEIGHTS = "weights.bin";
    private static final ObjectMapper JSON = DocumentJson.MAPPER;

    private GenBundle() {
    }

    /** Whether a checked manifest ({@link ModelBundle#readManifest}) is a generator's. */
    public static boolean isGenerator(JsonNode manifest) {
        return ENGINE.equals(manifest.path("engine").asText());
    }

    /** Writes {@code model} to {@code target} atomically. */
    public static void write(GenModel model, Path target) {
        byte[] weights = TrainingSteps.snapshot(model.djlModel().getBlock());
        ModelBundle.writeFile(target, manifest(model, weights), weights);
    }

    private static ObjectNode manifest(GenModel model, byte[] weights) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ModelBundle.FORMAT);
        root.put("formatVersion", ModelBundle.FORMAT_VERSION);
        root.put("engine", ENGINE);
        root.put("mre4jVersion", Version.get());
        root.put("djlVersion", Engine.getDjlVersion());
        Engine engine = model.djlModel().getNDManager().getEngine();
        root.put("djlEngine", engine.getEngineName() + " " + engine.getVersion());
        root.put("createdAt", Instant.now().toString());
        root.set("schema", JSON.valueToTree(model.schema()));
        root.set("config", JSON.valueToTree(model.config()));
        GenNetwork.Dimensions dims = ((GenNetwork) model.djlModel().getBlock()).dimensions();
        root.set("network", JSON.valueToTree(dims));
        ModelBundle.putWordVectors(root, dims.vectors());
        root.put("dialect", model.outputSpace().dialect().name());
        ObjectNode vocabulary = root.putObject("vocabulary");
        vocabulary.put("normalise", model.vocabulary().normalises());
        vocabulary.set("words", JSON.valueToTree(model.vocabulary().words()));
        vocabulary.set("chars", JSON.valueToTree(model.vocabulary().chars()));
        root.set("provenance", JSON.valueToTree(model.provenance()));
        ModelBundle.putWeights(root, weights);
        return root;
    }

    /**
     * Loads a generator bundle (format, version and weights checksum checked), decoding under the full constraint
     * with greedy search.
     */
    public static GenModel read(Path path) {
        ModelBundle.Contents contents = ModelBundle.open(path);
        JsonNode manifest = contents.manifest();
        byte[] weights = contents.weights();
        String where = path.toString();
        if (!isGenerator(manifest)) {
            throw new DataException(where, 0, "is not a generator model (engine '" + manifest.path("engine").asText()
                    + "'); use it with --engine joint");
        }
        try {
            Schema schema = JSON.treeToValue(manifest.get("schema"), Schema.class);
            GenConfig config = JSON.treeToValue(manifest.get("config"), GenConfig.class);
            GenNetwork.Dimensions dims = JSON.treeToValue(manifest.get("network"), GenNetwork.Dimensions.class);
            SlgDialect dialect = dialect(manifest.get("dialect").asText(), where);
            JsonNode words = manifest.get("vocabulary");
            List<String> wordList = new ArrayList<>();
            words.get("words").forEach(n -> wordList.add(n.asText()));
            List<String> charList = new ArrayList<>();
            words.path("chars").forEach(n -> charList.add(n.asText()));
            Vocabulary vocabulary = new Vocabulary(wordList, charList, words.get("normalise").asBoolean());
            OutputSpace space = new OutputSpace(schema, dialect);
            if (space.fixedCount() != dims.fixedTokens() || vocabulary.wordCount() != dims.words()
                    || (dims.charFilters() > 0 && vocabulary.charCount() != dims.chars())) {
                throw new DataException(where, 0, "is inconsistent: its network does not fit its schema and "
                        + "vocabulary");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = JSON.treeToValue(manifest.get("provenance"), Map.class);
            Engine engine = Djl.engine(1);
            Model model = Model.newInstance("mre4j-gen", engine.defaultDevice(), engine.getEngineName());
            GenNetwork network = new GenNetwork(dims);
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
                network.loadParameters(model.getNDManager(), in);
            }
            ModelBundle.checkWordVectors(manifest, dims.vectors(), where);
            return new GenModel(schema, config, vocabulary, space, model, provenance, Constraint.FULL, 1);
        } catch (JsonProcessingException | NullPointerException | IllegalArgumentException e) {
            throw new DataException(where, 0, "is not a valid generator model: its manifest is incomplete ("
                    + e.getMessage() + ")");
        } catch (IOException | MalformedModelException e) {
            throw new DataException(where, 0, "is not a valid generator model: its weights do not fit its network ("
                    + e.getMessage() + ")");
        }
    }

    private static SlgDialect dialect(String name, String where) {
        for (SlgDialect d : List.of(SlgDialect.NER, SlgDialect.SCNM)) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new DataException(where, 0, "has an unknown dialect '" + name + "' (ner or scnm)");
    }
}
