package io.mre4j.core.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through while checking that they are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), counting lines as it goes. The XML and JSON parsers decode by themselves and either report
 * a bad byte at an imprecise place or, in the JDK's XML parser, also print it to standard error; checking the bytes
 * before they reach the parser gives one strict rule and an exact line for every streaming format.
 */
final class Utf8CheckingStream extends FilterInputStream {
    /** Thrown for the first byte that is not well-formed UTF-8, with the line it is on. */
    static final class InvalidUtf8 extends IOException {
        private final int line;

        InvalidUtf8(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private int line = 1;
    private int remaining;
    private int low = 0x80;
    private int high = 0xBF;

    Utf8CheckingStream(InputStream in) {
        super(in);
    }

    /** The first {@link InvalidUtf8} in the cause chain of {@code e}, or null. */
    static InvalidUtf8 find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidUtf8 invalid) {
                return invalid;
            }
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            checkEnd();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            checkEnd();
        }
        for (int i = 0; i < n; i++) {
            check(buffer[offset + i] & 0xFF);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would go unchecked; read them instead.
        long done = 0;
        byte[] buffer = new byte[8192];
        while (done < n) {
            int got = read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(int b) throws InvalidUtf8 {
        if (remaining > 0) {
            if (b < low || b > high) {
                throw new InvalidUtf8(line, String.format("byte 0x%02X cannot continue a multi-byte character", b));
            }
            remaining--;
            low = 0x80;
            high = 0xBF;
            return;
        }
        if (b < 0x80) {
            if (b == '\n') {
                line++;
            }
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            remaining = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            remaining = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            remaining = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw new InvalidUtf8(line, String.format("byte 0x%02X cannot start a character", b));
        }
    }

    private void checkEnd() throws InvalidUtf8 {
        if (remaining > 0) {
            throw new InvalidUtf8(line, "the input ends inside a multi-byte character");
        }
    }
}
