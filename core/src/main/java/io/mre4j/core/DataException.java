package io.mre4j.core;

/**
 * Bad input data: a malformed record, an offset outside its text, an unknown label. The message starts with
 * {@code source:line:} whenever the location is known, so that a user can open the file at the right place.
 */
public class DataException extends MreException {
    private final String source;
    private final int line;
    private final boolean recoverable;
    private final String detail;

    public DataException(String source, int line, String detail) {
        this(source, line, detail, true, null);
    }

    public DataException(String source, int line, String detail, boolean recoverable, Throwable cause) {
        super(format(source, line, detail), cause);
        this.source = source;
        this.line = line;
        this.recoverable = recoverable;
        this.detail = detail;
    }

    /** A data error without a file location, such as a document handed to the library directly. */
    public DataException(String detail) {
        this(null, 0, detail);
    }

    /** A structural error after which the reader cannot go on (truncated XML, a broken JSON array). */
    public static DataException fatal(String source, int line, String detail, Throwable cause) {
        return new DataException(source, line, detail, false, cause);
    }

    private static String format(String source, int line, String detail) {
        if (source == null) {
            return detail;
        }
        return line > 0 ? source + ":" + line + ": " + detail : source + ": " + detail;
    }

    /** The file or resource the error is in, or null. */
    public String source() {
        return source;
    }

    /** The 1-based line of the record, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The message without its location prefix. */
    public String detail() {
        return detail;
    }

    /** True when the reader can skip the bad record and go on (used by {@code --skip-invalid}). */
    public boolean recoverable() {
        return recoverable;
    }
}
