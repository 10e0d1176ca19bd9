package io.mre4j.core.format;

import io.mre4j.core.doc.Document;
import io.mre4j.core.io.LineSource;

/** A reader of formats with one record per line (JSONL, SLG); blank lines are skipped but still counted. */
final class LineRecordReader implements DocumentReader {
    /** Turns one line into a document, throwing a {@code DataException} at {@code source:line} when it cannot. */
    interface LineParser {
        Document parse(String line, String source, int lineNumber);
    }

    private final LineSource lines;
    private final LineParser parser;

    LineRecordReader(LineSource lines, LineParser parser) {
        this.lines = lines;
        this.parser = parser;
    }

    @Override
    public Document next() {
        String line;
        do {
            line = lines.next();
        } while (line != null && line.isBlank());
        return line == null ? null : parser.parse(line, lines.name(), lines.line());
    }

    @Override
    public String source() {
        return lines.name();
    }

    @Override
    public int line() {
        return lines.line();
    }

    @Override
    public void close() {
        lines.close();
    }
}
