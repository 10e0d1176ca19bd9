package io.mre4j.core.format;

import io.mre4j.core.UsageException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The registry of formats, found through {@link ServiceLoader}, and the one way to open, read and write them. */
public final class Formats {
    private static final Map<String, DocumentFormat> BY_NAME = load();

    private Formats() {
    }

    private static Map<String, DocumentFormat> load() {
        Map<String, DocumentFormat> formats = new LinkedHashMap<>();
        for (DocumentFormat format : ServiceLoader.load(DocumentFormat.class, Formats.class.getClassLoader())) {
            formats.put(format.name(), format);
        }
        return Collections.unmodifiableMap(formats);
    }

    /** Every registered format, in registration order. */
    public static List<DocumentFormat> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    /** The format called {@code name}; an unknown name is a {@link UsageException} listing the known ones. */
    public static DocumentFormat byName(String name) {
        DocumentFormat format = BY_NAME.get(name);
        if (format == null) {
            throw new UsageException("unknown format '" + name + "' (known: " + names() + ")");
        }
        return format;
    }

    /** The format called {@code name} if given, else the one that recognises {@code path}. */
    public static DocumentFormat resolve(String name, Path path) {
        if (name != null && !name.isEmpty()) {
            return byName(name);
        }
        List<DocumentFormat> matches = BY_NAME.values().stream().filter(f -> f.detects(path)).toList();
        if (matches.isEmpty()) {
            throw new UsageException("cannot tell the format of '" + path + "'; give --format (one of " + names()
                    + ")");
        }
        return matches.get(0);
    }

    /** The format called {@code name}, which must be writable. */
    public static WritableFormat writable(String name) {
        DocumentFormat format = byName(name);
        if (format instanceof WritableFormat writable) {
            return writable;
        }
        String writableNames = BY_NAME.values().stream().filter(f -> f instanceof WritableFormat)
                .map(DocumentFormat::name).collect(Collectors.joining(", "));
        throw new UsageException("format '" + name + "' can be read but not written (writable: " + writableNames
                + ")");
    }

    /**
     * Opens {@code path} for reading: every document is checked for structure (offsets inside the text, no empty
     * spans, unique ids), and with {@code options.skipInvalid()} bad records are skipped and counted instead of
     * stopping the read.
     */
    public static CheckedReader open(DocumentFormat format, Path path, ReadOptions options) {
        return new CheckedReader(format.open(path, options), options.skipInvalid());
    }

    /** Reads every document of {@code path} into memory. */
    public static List<Document> readAll(DocumentFormat format, Path path, ReadOptions options) {
        List<Document> documents = new ArrayList<>();
        try (CheckedReader reader = open(format, path, options)) {
            for (Document d = reader.next(); d != null; d = reader.next()) {
                documents.add(d);
            }
        }
        return documents;
    }

    /** Writes documents to {@code target} atomically: on any error nothing is left at {@code target}. */
    public static void write(WritableFormat format, Path target, Iterable<Document> documents) {
        try (AtomicOutput output = new AtomicOutput()) {
            DocumentWriter writer = format.create(target, output);
            for (Document d : documents) {
                writer.write(d);
            }
            writer.finish();
            output.commit();
        }
    }
}
