package io.mre4j.model.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TestModels;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static word vectors from a pretrained encoder's subword table, and a joint model that reads them. */
class WordVectorsTest {
    @TempDir
    Path dir;

    @Test
    void relatedWordsGetCloseVectorsAndUnseenWordsGetOneToo() {
        WordVectors vectors = WordVectors.of(PretrainedEncoder.MINILM_EN);
        assertSame(vectors, WordVectors.of(PretrainedEncoder.MINILM_EN), "one table per encoder and JVM");
        assertEquals(384, vectors.dimension());
        double movieFilm = cosine(vectors.vector("movie"), vectors.vector("film"));
        double movieTuesday = cosine(vectors.vector("movie"), vectors.vector("tuesday"));
        assertTrue(movieFilm > movieTuesday + 0.3, movieFilm + " against " + movieTuesday);
        assertTrue(cosine(vectors.vector("tuesday"), vectors.vector("Wednesday")) > 0.5, "uncased, as MiniLM is");
        // Two subwords (cheap ##est): their mean, close to its first part.
        assertTrue(cosine(vectors.vector("cheapest"), vectors.vector("cheap")) > 0.5);
        float[] made = vectors.vector("flightzorbly");
        assertTrue(norm(made) > 0, "a word no table has still splits into known subwords");
        assertEquals(0.0, norm(vectors.vector(" ")), "no subword, no vector");
    }

    @Test
    void aModelWithWordVectorsRefersToTheirJarAndLoadsBack() throws IOException {
        List<Document> docs = TestModels.corpus();
        Path path = dir.resolve("vectors.mre");
        try (JointModel model = train("minilm-en"); JointModel without = train("none")) {
            List<Document> predicted = model.extract(docs);
            assertNotEquals(without.extract(docs), predicted, "the vectors change the scores");
            ModelBundle.write(model, path);
            JsonNode reference = ModelBundle.readManifest(path).get("wordVectors");
            assertEquals("minilm-en", reference.get("id").asText());
            assertEquals(PretrainedEncoder.MINILM_EN.sha256(), reference.get("sha256").asText());
            assertTrue(Files.size(path) < 1_000_000, "the table is referenced, not copied: " + Files.size(path));
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(predicted, loaded.extract(docs));
                assertEquals("minilm-en", loaded.config().wordVectors);
            }
        }
        ModelBundle.Contents contents = ModelBundle.open(path);
        ObjectNode root = contents.manifest().deepCopy();
        ((ObjectNode) root.get("wordVectors")).put("sha256", "0".repeat(64));
        Path other = dir.resolve("other.mre");
        ModelBundle.writeFile(other, root, contents.weights());
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(other));
        assertTrue(e.getMessage().startsWith(other + ": was trained on the weights of pretrained encoder minilm-en"),
                e.getMessage());
    }

    @Test
    void anUnknownSourceOfVectorsIsRefusedNamingTheField() {
        TrainingConfig config = TestModels.config("joint");
        config.wordVectors = "glove";
        DataException e = assertThrows(DataException.class, config::validate);
        assertTrue(e.getMessage().contains("'wordVectors'"), e.getMessage());
    }

    @Test
    void autoPicksTheEncoderOfTheDataLanguage() {
        assertEquals(PretrainedEncoder.MINILM_EN, WordVectors.resolve("auto", List.of("en")));
        assertEquals(PretrainedEncoder.BGE_SMALL_ZH, WordVectors.resolve("auto", List.of("zh")));
        assertNull(WordVectors.resolve("auto", List.of("ja")), "no Japanese encoder");
        assertNull(WordVectors.resolve("auto", List.of("en", "ja")), "mixed data: none");
        List<String> chinese = new java.util.ArrayList<>(java.util.Collections.nCopies(95, "zh"));
        chinese.addAll(java.util.Collections.nCopies(5, "en"));
        assertEquals(PretrainedEncoder.BGE_SMALL_ZH, WordVectors.resolve("auto", chinese),
                "a few texts guessed English in a Chinese corpus");
        chinese.addAll(java.util.Collections.nCopies(10, "en"));
        assertNull(WordVectors.resolve("auto", chinese), "86 % Chinese: none");
        assertNull(WordVectors.resolve("none", List.of("en")));
        assertEquals(PretrainedEncoder.MINILM_EN, WordVectors.resolve("minilm-en", List.of("ja")), "asked for");
    }

    private static JointModel train(String vectors) {
        TrainingConfig config = TestModels.config("joint");
        config.wordVectors = vectors;
        List<Document> docs = TestModels.corpus();
        return new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs, Map.of());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / norm(a) / norm(b);
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
