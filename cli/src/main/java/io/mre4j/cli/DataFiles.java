package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.format.CheckedReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reading whole data sets for the model commands, and fingerprinting the files they came from. */
final class DataFiles {
    private DataFiles() {
    }

    /** Every document of {@code path}, in the chosen or detected format; skipped records are reported. */
    static List<Document> read(InputOptions input, Path path, PrintWriter err) {
        List<Document> documents = new ArrayList<>();
        try (CheckedReader reader = input.open(path)) {
            for (Document d = reader.next(); d != null; d = reader.next()) {
                documents.add(d);
            }
            InputOptions.reportSkipped(reader, err);
        }
        return documents;
    }

    /** SHA-256 over a file, or over every file under a directory in name order (paths included). */
    static String sha256(Path path) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(path);
            }
            for (Path file : files) {
                digest.update(path.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw DataException.fatal(path.toString(), 0, "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
