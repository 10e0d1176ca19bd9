package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.mre4j.core.format.FormatTestSupport.fixture;
import static io.mre4j.core.format.FormatTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtisFormatTest {
    @Test
    void readsWordsTagsAndIntentsIntoDocuments() {
        List<Document> docs = read("atis", fixture("atis/test"));
        assertEquals(3, docs.size());
        Document first = docs.get(0);
        assertEquals("atis-test-1", first.id());
        assertEquals("en", first.lang());
        assertEquals("book a table at luigi s for two tonight", first.text());
        assertEquals(List.of("BookRestaurant"), first.labels());
        assertEquals(List.of(new Span(16, 23, "restaurant_name"), new Span(28, 31, "party_size"),
                new Span(32, 39, "time")), first.spans());
        assertEquals("new york city", FormatTestSupport.surface(docs.get(1), 0));
    }

    @Test
    void splitsMultiIntentLabelsOnHash() {
        assertEquals(List.of("PlayMusic", "Chat"), read("atis", fixture("atis/test")).get(2).labels());
    }

    @Test
    void detectsADirectoryWithSeqIn() {
        assertTrue(new AtisFormat().detects(fixture("atis/test")));
        assertFalse(new AtisFormat().detects(fixture("atis/test/seq.in")));
    }

    @Test
    void unequalWordAndTagCountsNameTheTagFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("seq.in"), "a b\nc d e\n");
        Files.writeString(dir.resolve("seq.out"), "O O\nO O\n");
        Files.writeString(dir.resolve("label"), "x\ny\n");
        DataException e = assertThrows(DataException.class, () -> read("atis", dir));
        assertEquals(dir.resolve("seq.out") + ":2: 3 words in seq.in but 2 tags", e.getMessage());
    }

    @Test
    void aFileThatEndsEarlyIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("seq.in"), "a\nb\n");
        Files.writeString(dir.resolve("seq.out"), "O\nO\n");
        Files.writeString(dir.resolve("label"), "x\n");
        DataException e = assertThrows(DataException.class, () -> read("atis", dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("label") + ":2: file ends early"), e.getMessage());
    }

    @Test
    void anUnknownTagIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("seq.in"), "a\n");
        Files.writeString(dir.resolve("seq.out"), "X-city\n");
        Files.writeString(dir.resolve("label"), "x\n");
        DataException e = assertThrows(DataException.class, () -> read("atis", dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("seq.out") + ":1: 'X-city' is not a BIO/BIOES tag"));
    }

    @Test
    void writingAndReadingBackKeepsEveryDocument(@TempDir Path dir) {
        List<Document> docs = read("atis", fixture("atis/test"));
        Formats.write(Formats.writable("atis"), dir.resolve("out"), docs);
        List<Document> again = read("atis", dir.resolve("out"));
        for (int i = 0; i < docs.size(); i++) {
            assertEquals(docs.get(i).text(), again.get(i).text());
            assertEquals(docs.get(i).labels(), again.get(i).labels());
            assertEquals(docs.get(i).spans(), again.get(i).spans());
        }
    }

    @Test
    void writingSplitsAWordAtASpanEdgeInsideIt(@TempDir Path dir) throws IOException {
        Document d = Document.of("x", "en", "fly to denver,co", List.of("flight"), List.of(new Span(7, 13, "city")));
        Formats.write(Formats.writable("atis"), dir, List.of(d));
        assertEquals("fly to denver ,co\n", Files.readString(dir.resolve("seq.in")));
        assertEquals("O O B-city O\n", Files.readString(dir.resolve("seq.out")));
    }
}
