package io.mre4j.core.io;

import io.mre4j.core.DataException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file line by line as strict UTF-8, counting lines. Each line is decoded on its own, so invalid UTF-8
 * is an error that names the exact file and line, never a replacement character slipped into the data. Lines end at
 * {@code \n}; a {@code \r} before it is dropped, and so is a leading byte-order mark.
 */
public final class LineSource implements Closeable {
    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[256];
    private int line;

    public LineSource(InputStream in, String name) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.name = name;
    }

    /** Opens a file; a missing file is a {@link DataException} that names it. */
    public static LineSource open(Path path) {
        return new LineSource(Inputs.open(path), path.toString());
    }

    /** The next line without its terminator, or null at the end of the file. */
    public String next() {
        int length = 0;
        int b;
        try {
            while ((b = in.read()) >= 0 && b != '\n') {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                buffer[length++] = (byte) b;
            }
        } catch (IOException e) {
            throw DataException.fatal(name, line + 1, "cannot read: " + e.getMessage(), e);
        }
        if (b < 0 && length == 0) {
            return null;
        }
        line++;
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(buffer, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(name, line, "invalid UTF-8");
        }
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    public int line() {
        return line;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing a stream we only read from loses nothing.
        }
    }

    /** Opening files with errors that name them. */
    public static final class Inputs {
        private Inputs() {
        }

        public static InputStream open(Path path) {
            try {
                return Files.newInputStream(path);
            } catch (NoSuchFileException e) {
                throw DataException.fatal(path.toString(), 0, "no such file", e);
            } catch (IOException e) {
                throw DataException.fatal(path.toString(), 0, "cannot open: " + e.getMessage(), e);
            }
        }
    }
}
