package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.mre4j.core.format.FormatTestSupport.fixture;
import static io.mre4j.core.format.FormatTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Semeval14FormatTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sentences>\n";

    @Test
    void readsTermsAsPolaritySpansAndCategoriesAsLabels() {
        List<Document> docs = read("semeval14", fixture("semeval14/tiny.xml"));
        assertEquals(List.of(
                Document.of("s1", "en", "The soup was cold but the waiter smiled.",
                        List.of("food#negative", "service#positive"),
                        List.of(new Span(4, 8, "negative"), new Span(26, 32, "positive"))),
                Document.of("s2", "en", "We came back & ate \"again\".",
                        List.of("anecdotes/miscellaneous#neutral"), List.of()),
                Document.of("s3", "en", "Tapas: tasty yet pricey.", List.of("food#conflict"),
                        List.of(new Span(0, 5, "conflict")))), docs);
    }

    @Test
    void reportsTheLineWhereEachSentenceStarts() {
        List<Integer> lines = new ArrayList<>();
        try (DocumentReader reader = new Semeval14Format().open(fixture("semeval14/tiny.xml"), ReadOptions.DEFAULT)) {
            while (reader.next() != null) {
                lines.add(reader.line());
            }
        }
        assertEquals(List.of(3, 15, 21), lines);
    }

    @Test
    void theUserCanGiveTheLanguage() {
        List<Document> docs = Formats.readAll(Formats.byName("semeval14"), fixture("semeval14/tiny.xml"),
                new ReadOptions("fr", false));
        assertEquals("fr", docs.get(0).lang());
    }

    @Test
    void detectsXmlFilesOnly(@TempDir Path dir) throws IOException {
        assertTrue(new Semeval14Format().detects(fixture("semeval14/tiny.xml")));
        assertFalse(new Semeval14Format().detects(fixture("semeval14")));
        Files.createDirectory(dir.resolve("folder.xml"));
        assertFalse(new Semeval14Format().detects(dir.resolve("folder.xml")));
    }

    @Test
    void truncatedXmlIsFatalAtTheLineWhereItEnds(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEAD + "  <sentence id=\"1\">\n    <text>Nice.</text>\n  </sentence>\n  <sentence id=\"2\">\n"
                + "    <text>Cut her");
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertTrue(e.getMessage().startsWith(file + ":7: malformed XML: "), e.getMessage());
        assertFalse(e.recoverable());
    }

    @Test
    void aTermThatDoesNotMatchItsOffsetsIsAnErrorAtItsSentence(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEAD + "  <sentence id=\"7\">\n    <text>Good soup.</text>\n    <aspectTerms>\n"
                + "      <aspectTerm term=\"soup\" polarity=\"positive\" from=\"4\" to=\"8\"/>\n"
                + "    </aspectTerms>\n  </sentence>\n</sentences>\n");
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertEquals(file + ":3: sentence '7': aspectTerm 'soup' does not match the text at [4,8), which reads "
                + "' sou'", e.getMessage());
        assertTrue(e.recoverable());
    }

    @Test
    void anOffsetPastTheEndOfTheTextIsAnError(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEAD + "  <sentence id=\"7\">\n    <text>Good soup.</text>\n    <aspectTerms>\n"
                + "      <aspectTerm term=\"soup\" polarity=\"positive\" from=\"5\" to=\"12\"/>\n"
                + "    </aspectTerms>\n  </sentence>\n</sentences>\n");
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertEquals(file + ":3: sentence '7': aspectTerm 'soup' at [5,12) is outside the text (length 10)",
                e.getMessage());
    }

    @Test
    void aNonIntegerOffsetAndAnUnknownPolarityAreErrors(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEAD + "  <sentence id=\"7\">\n    <text>Good soup.</text>\n    <aspectTerms>\n"
                + "      <aspectTerm term=\"soup\" polarity=\"positive\" from=\"five\" to=\"9\"/>\n"
                + "    </aspectTerms>\n  </sentence>\n</sentences>\n");
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertEquals(file + ":3: sentence '7': aspectTerm 'soup' has 'from' = 'five', not an integer",
                e.getMessage());
        Path other = write(dir, HEAD + "  <sentence id=\"8\">\n    <text>Good soup.</text>\n    <aspectCategories>\n"
                + "      <aspectCategory category=\"food\" polarity=\"great\"/>\n"
                + "    </aspectCategories>\n  </sentence>\n</sentences>\n");
        e = assertThrows(DataException.class, () -> read("semeval14", other));
        assertTrue(e.getMessage().startsWith(other + ":3: sentence '8': aspectCategory 'food' has polarity "
                + "'great'"), e.getMessage());
    }

    @Test
    void skippingABadSentenceGoesOnWithTheNext(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEAD + "  <sentence id=\"1\">\n    <text>Bad.</text>\n    <aspectTerms>\n"
                + "      <aspectTerm term=\"Bad\" polarity=\"negative\" from=\"0\" to=\"9\"/>\n"
                + "    </aspectTerms>\n  </sentence>\n"
                + "  <sentence id=\"2\">\n    <text>Fine.</text>\n  </sentence>\n</sentences>\n");
        try (CheckedReader reader = Formats.open(new Semeval14Format(), file, new ReadOptions(null, true))) {
            Document d = reader.next();
            assertEquals("2", d.id());
            assertEquals(List.of(), d.labels());
            assertEquals(null, reader.next());
            assertEquals(1, reader.skipped().size());
            assertEquals(3, reader.skipped().get(0).line());
        }
    }

    @Test
    void invalidUtf8IsFatal(@TempDir Path dir) throws IOException {
        byte[] head = (HEAD + "  <sentence id=\"1\">\n    <text>caf").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</text>\n  </sentence>\n</sentences>\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("bad.xml");
        Files.write(file, concat(head, new byte[] {(byte) 0xC3, (byte) 0x28}, tail));
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertEquals(file + ":4: invalid UTF-8: byte 0x28 cannot continue a multi-byte character", e.getMessage());
        assertFalse(e.recoverable());
    }

    @Test
    void aWrongRootElementIsFatal(@TempDir Path dir) throws IOException {
        Path file = write(dir, "<?xml version=\"1.0\"?>\n<reviews/>\n");
        DataException e = assertThrows(DataException.class, () -> read("semeval14", file));
        assertEquals(file + ":2: expected <sentences> as the root element, found <reviews>", e.getMessage());
    }

    @Test
    void aMissingFileIsAnError(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class, () -> read("semeval14", dir.resolve("none.xml")));
        assertEquals(dir.resolve("none.xml") + ": no such file", e.getMessage());
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "semeval", ".xml");
        Files.writeString(file, content);
        return file;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
