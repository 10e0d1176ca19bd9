package io.mre4j.model.train;

import io.mre4j.core.doc.Document;
import io.mre4j.core.io.DocumentJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A SHA-256 over documents' JSON, whatever file format they came from: the data part of a model's provenance. */
public final class DocumentHash {
    private DocumentHash() {
    }

    public static String of(List<Document> documents) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Document d : documents) {
                digest.update(DocumentJson.toJson(d).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
