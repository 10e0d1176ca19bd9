package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.io.LineSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The uniform schema as JSON Lines: one document object per line (DESIGN §2). Blank lines are allowed. */
public final class JsonlFormat implements WritableFormat {
    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public String description() {
        return "uniform document schema, one JSON object per line (.jsonl file)";
    }

    @Override
    public boolean detects(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.endsWith(".jsonl") && !name.endsWith(SlgFormat.EXTENSION) && !Files.isDirectory(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        return open(LineSource.open(path), options);
    }

    /** Reads JSON Lines from a stream, such as standard input. */
    public static DocumentReader open(InputStream in, String name, ReadOptions options) {
        return open(new LineSource(in, name), options);
    }

    private static DocumentReader open(LineSource lines, ReadOptions options) {
        return new LineRecordReader(lines, (line, source, number) -> {
            try {
                Document d = DocumentJson.parse(line);
                return d.lang().isEmpty() ? d.withLang(options.langOr("")) : d;
            } catch (DocumentJson.FieldException e) {
                throw new DataException(source, number, e.getMessage());
            }
        });
    }

    @Override
    public DocumentWriter create(Path target, AtomicOutput output) {
        return writer(output.open(target));
    }

    /** A writer of one document per line onto {@code out}. */
    public static DocumentWriter writer(Writer out) {
        return d -> {
            try {
                out.write(DocumentJson.toJson(d));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
