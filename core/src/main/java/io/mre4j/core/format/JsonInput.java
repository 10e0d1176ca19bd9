package io.mre4j.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.DataException;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.io.LineSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A streaming JSON parser over one file for the JSON source formats (chABSA, Stockmark), with every parse failure
 * turned into a fatal {@code file:line:} error. Bytes are checked as strict UTF-8 on their way in (see
 * {@link Utf8CheckingStream}).
 */
final class JsonInput implements AutoCloseable {
    private final JsonParser parser;
    private final String source;

    private JsonInput(JsonParser parser, String source) {
        this.parser = parser;
        this.source = source;
    }

    static JsonInput open(Path path) {
        InputStream in = LineSource.Inputs.open(path);
        try {
            return new JsonInput(DocumentJson.MAPPER.createParser(new Utf8CheckingStream(in)), path.toString());
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
            throw failure(path.toString(), null, e);
        }
    }

    String source() {
        return source;
    }

    /** The next token, or null at the end of the input. */
    JsonToken next() {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The value that starts at the current token, read whole; the parser is left on its last token. */
    JsonNode tree() {
        try {
            return parser.readValueAsTree();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    String fieldName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Moves past the value that starts at the current token. */
    void skipValue() {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The 1-based line where the current token starts. */
    int tokenLine() {
        return Math.max(parser.currentTokenLocation().getLineNr(), 0);
    }

    /** Fails unless the input ends here; trailing content would otherwise be silently ignored. */
    void expectEnd(String after) {
        if (next() != null) {
            throw DataException.fatal(source, tokenLine(), "unexpected content after " + after, null);
        }
    }

    private DataException failure(IOException e) {
        return failure(source, parser, e);
    }

    private static DataException failure(String source, JsonParser parser, IOException e) {
        Utf8CheckingStream.InvalidUtf8 invalid = Utf8CheckingStream.find(e);
        if (invalid != null) {
            return DataException.fatal(source, invalid.line(), "invalid UTF-8: " + invalid.getMessage(), e);
        }
        int line = parser == null ? 0 : Math.max(parser.currentLocation().getLineNr(), 0);
        if (e instanceof JsonProcessingException p) {
            JsonLocation location = p.getLocation();
            if (location != null && location.getLineNr() > 0) {
                line = location.getLineNr();
            }
            return DataException.fatal(source, line, "malformed JSON: " + firstLine(p.getOriginalMessage()), e);
        }
        return DataException.fatal(source, line, "cannot read: " + e.getMessage(), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // Closing a parser we only read from loses nothing.
        }
    }
}
