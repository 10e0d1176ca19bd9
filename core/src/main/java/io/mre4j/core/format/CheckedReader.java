package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.DocumentValidator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps a format's reader with the checks every document needs whatever its format: a valid structure and an id
 * that is unique in the source. With skipping on, a bad record is recorded in {@link #skipped()} and the read goes
 * on; a structural error after which the format cannot go on still stops it.
 */
public final class CheckedReader implements DocumentReader {
    private final DocumentReader inner;
    private final boolean skipInvalid;
    private final DocumentValidator validator = new DocumentValidator(null, true);
    private final Map<String, Integer> firstLineOfId = new HashMap<>();
    private final List<DataException> skipped = new ArrayList<>();

    CheckedReader(DocumentReader inner, boolean skipInvalid) {
        this.inner = inner;
        this.skipInvalid = skipInvalid;
    }

    /** Checks the documents of any reader, such as one over standard input. */
    public static CheckedReader of(DocumentReader inner, boolean skipInvalid) {
        return new CheckedReader(inner, skipInvalid);
    }

    @Override
    public Document next() {
        while (true) {
            try {
                Document d = inner.next();
                if (d != null) {
                    check(d);
                }
                return d;
            } catch (DataException e) {
                if (!skipInvalid || !e.recoverable()) {
                    throw e;
                }
                skipped.add(e);
            }
        }
    }

    private void check(Document d) {
        List<String> problems = validator.problems(d);
        if (!problems.isEmpty()) {
            throw new DataException(inner.source(), inner.line(), String.join("; ", problems));
        }
        Integer first = firstLineOfId.putIfAbsent(d.id(), inner.line());
        if (first != null) {
            throw new DataException(inner.source(), inner.line(),
                    "document id '" + d.id() + "' is repeated (first at line " + first + ")");
        }
    }

    /** The bad records skipped so far, each with its location. */
    public List<DataException> skipped() {
        return List.copyOf(skipped);
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public int line() {
        return inner.line();
    }

    @Override
    public void close() {
        inner.close();
    }
}
