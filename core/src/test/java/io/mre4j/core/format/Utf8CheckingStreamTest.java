package io.mre4j.core.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Utf8CheckingStreamTest {
    private static byte[] readAll(byte[] bytes) throws IOException {
        try (InputStream in = new Utf8CheckingStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static Utf8CheckingStream.InvalidUtf8 failure(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return assertThrows(Utf8CheckingStream.InvalidUtf8.class, () -> readAll(data));
    }

    @Test
    void passesWellFormedTextThroughUnchanged() throws IOException {
        byte[] text = "a\né 東京 \uD83D\uDE00 \uFEFF\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, readAll(text));
    }

    @Test
    void namesTheLineOfTheBadByte() {
        Utf8CheckingStream.InvalidUtf8 e = failure('a', '\n', 'b', '\n', 0xFF);
        assertEquals(3, e.line());
        assertEquals("byte 0xFF cannot start a character", e.getMessage());
    }

    @Test
    void refusesOverlongFormsSurrogatesAndCodePointsAboveTheMaximum() {
        assertEquals("byte 0xC0 cannot start a character", failure(0xC0, 0x80).getMessage());
        assertEquals("byte 0x80 cannot continue a multi-byte character", failure(0xE0, 0x80, 0x80).getMessage());
        assertEquals("byte 0xA0 cannot continue a multi-byte character", failure(0xED, 0xA0, 0x80).getMessage());
        assertEquals("byte 0x90 cannot continue a multi-byte character", failure(0xF4, 0x90, 0x80, 0x80)
                .getMessage());
        assertEquals("byte 0x80 cannot start a character", failure('x', 0x80).getMessage());
    }

    @Test
    void refusesACharacterCutOffByTheEnd() {
        assertEquals("the input ends inside a multi-byte character", failure('x', 0xE6, 0x9D).getMessage());
    }
}
