package io.mre4j.model.bundle;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenBundleLoadsBackAndPredictsTheSame() {
        Path path = dir.resolve("tiny.mre");
        List<Document> docs = TestModels.corpus();
        try (JointModel model = TestModels.train("joint")) {
            ModelBundle.write(model, path);
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(model.extract(docs), loaded.extract(docs));
                assertEquals(model.schema(), loaded.schema());
                assertEquals(model.provenance().get("trainDataSha256"), loaded.provenance().get("trainDataSha256"));
            }
        }
        assertEquals(1, dir.toFile().list().length, "no temporary file is left");
    }

    @Test
    void theManifestRecordsVersionsProvenanceAndConfig() {
        Path path = dir.resolve("tiny.mre");
        try (JointModel model = TestModels.train("joint")) {
            ModelBundle.write(model, path);
        }
        var manifest = ModelBundle.readManifest(path);
        assertEquals(ModelBundle.FORMAT_VERSION, manifest.get("formatVersion").asInt());
        assertTrue(manifest.get("djlVersion").asText().startsWith("0.36"));
        assertEquals(42, manifest.get("provenance").get("seed").asInt());
        assertEquals(64, manifest.get("provenance").get("trainDataSha256").asText().length());
        assertEquals("joint", manifest.get("config").get("mode").asText());
    }

    @Test
    void aFlippedWeightByteIsReportedAsCorrupt() throws IOException {
        Path path = dir.resolve("tiny.mre");
        try (JointModel model = TestModels.train("word")) {
            ModelBundle.write(model, path);
        }
        byte[] manifest;
        byte[] weights;
        try (var zip = new java.util.zip.ZipFile(path.toFile())) {
            manifest = zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes();
            weights = zip.getInputStream(zip.getEntry("weights.bin")).readAllBytes();
        }
        weights[weights.length / 2] ^= 1;
        Path corrupt = dir.resolve("corrupt.mre");
        zip(corrupt, manifest, weights);
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(corrupt));
        assertEquals(corrupt + ": is corrupt: the weights' checksum does not match the manifest", e.getMessage());
    }

    @Test
    void aFileThatIsNotABundleIsRefused() throws IOException {
        Path path = dir.resolve("model.mre");
        Files.writeString(path, "hello");
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(path));
        assertTrue(e.getMessage().startsWith(path + ": is not an mre4j model"), e.getMessage());
    }

    @Test
    void aMissingModelIsNamed() {
        Path path = dir.resolve("missing.mre");
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(path));
        assertEquals(path + ": no such model file", e.getMessage());
    }

    @Test
    void aBundleOfAnotherFormatVersionIsRefusedWithBothVersions() throws IOException {
        Path path = dir.resolve("future.mre");
        String manifest = "{\"format\":\"mre4j-model\",\"formatVersion\":99,\"mre4jVersion\":\"9.0.0\"}";
        zip(path, manifest.getBytes(StandardCharsets.UTF_8), new byte[0]);
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(path));
        assertTrue(e.getMessage().contains("was written by mre4j 9.0.0 in bundle format 99; this mre4j"),
                e.getMessage());
        assertTrue(e.getMessage().contains("reads format 1 only"), e.getMessage());
    }

    private static void zip(Path path, byte[] manifest, byte[] weights) throws IOException {
        try (OutputStream file = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("weights.bin"));
            zip.write(weights);
            zip.closeEntry();
        }
    }
}
