package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Event;
import io.mre4j.core.doc.Relation;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.mre4j.core.format.FormatTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonlFormatTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path path = dir.resolve("in.jsonl");
        Files.writeString(path, content);
        return path;
    }

    private DataException failure(String content) throws IOException {
        Path path = file(content);
        return assertThrows(DataException.class, () -> read("jsonl", path));
    }

    @Test
    void writesAndReadsBackEveryField() {
        Document d = new Document("d1", "en", "Ann met Bob in Rome", List.of("social"),
                List.of(new Span(0, 3, "PER"), new Span(8, 11, "PER"), new Span(15, 19, "LOC")),
                List.of(new Relation(0, 1, "met")),
                List.of(new Event(1, "meeting", List.of(new Event.Argument("place", 2)))),
                Map.of("source", "test", "n", 3));
        Path path = dir.resolve("out.jsonl");
        Formats.write(new JsonlFormat(), path, List.of(d));
        assertEquals(List.of(d), read("jsonl", path));
    }

    @Test
    void writesTheDesignKeyOrder() throws IOException {
        Path path = dir.resolve("out.jsonl");
        Formats.write(new JsonlFormat(), path, List.of(Document.of("a", "en", "hi", List.of("x"), List.of())));
        assertEquals("{\"id\":\"a\",\"lang\":\"en\",\"text\":\"hi\",\"labels\":[\"x\"],\"spans\":[],\"relations\":[],"
                + "\"events\":[],\"meta\":{}}\n", Files.readString(path));
    }

    @Test
    void onlyIdAndTextAreRequired() throws IOException {
        Document d = read("jsonl", file("{\"id\":\"a\",\"text\":\"hello\"}\n")).get(0);
        assertEquals(Document.unlabelled("a", "", "hello"), d);
    }

    @Test
    void skipsBlankLinesAndCountsThemInLineNumbers() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"b\"}\n");
        assertTrue(e.getMessage().endsWith("in.jsonl:3: missing field 'text'"), e.getMessage());
    }

    @Test
    void brokenJsonNamesTheFileAndLine() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("in.jsonl") + ":2: invalid JSON"), e.getMessage());
    }

    @Test
    void anOffsetPastTheEndOfTheTextIsAnError() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"abc\",\"spans\":[{\"start\":1,\"end\":9,\"label\":\"X\"}]}\n");
        assertEquals(dir.resolve("in.jsonl") + ":1: document 'a': spans[0] [1,9) is outside the text (length 3)",
                e.getMessage());
    }

    @Test
    void anEmptySpanIsAnError() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"abc\",\"spans\":[{\"start\":1,\"end\":1,\"label\":\"X\"}]}\n");
        assertTrue(e.getMessage().endsWith("spans[0] [1,1) is empty"), e.getMessage());
    }

    @Test
    void aWrongTypedFieldIsNamed() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"abc\",\"spans\":[{\"start\":\"1\",\"end\":2,\"label\":\"X\"}]}\n");
        assertTrue(e.getMessage().endsWith(":1: field 'spans[0].start' must be an integer"), e.getMessage());
    }

    @Test
    void anUnknownFieldIsRefused() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"abc\",\"span\":[]}\n");
        assertTrue(e.getMessage().contains(":1: unknown field 'span'"), e.getMessage());
    }

    @Test
    void aRepeatedIdIsAnError() throws IOException {
        DataException e = failure("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n");
        assertTrue(e.getMessage().endsWith(":2: document id 'a' is repeated (first at line 1)"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path path = dir.resolve("bad.jsonl");
        byte[] good = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 4];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xC3;
        bytes[good.length + 1] = (byte) 0x28;
        bytes[good.length + 2] = '"';
        bytes[good.length + 3] = '}';
        Files.write(path, bytes);
        DataException e = assertThrows(DataException.class, () -> read("jsonl", path));
        assertEquals(path + ":2: invalid UTF-8", e.getMessage());
    }

    @Test
    void skipInvalidGoesOnAndReportsEveryBadRecord() throws IOException {
        Path path = file("{\"id\":\"a\",\"text\":\"x\"}\n{broken\n{\"id\":\"c\",\"text\":\"z\"}\n{\"id\":\"d\"}\n");
        try (CheckedReader reader = Formats.open(new JsonlFormat(), path, ReadOptions.DEFAULT.withSkipInvalid(true))) {
            assertEquals("a", reader.next().id());
            assertEquals("c", reader.next().id());
            assertEquals(null, reader.next());
            assertEquals(2, reader.skipped().size());
            assertEquals(2, reader.skipped().get(0).line());
            assertEquals(4, reader.skipped().get(1).line());
        }
    }

    @Test
    void aMissingFileIsADataErrorNamingIt() {
        Path missing = dir.resolve("nope.jsonl");
        DataException e = assertThrows(DataException.class, () -> read("jsonl", missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNoOutputFile() {
        Path path = dir.resolve("out.jsonl");
        Document good = Document.of("a", "en", "x", List.of(), List.of());
        Iterable<Document> failing = () -> new java.util.Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Document next() {
                if (n++ == 1) {
                    throw new DataException("in.jsonl", 2, "broken");
                }
                return good;
            }
        };
        assertThrows(DataException.class, () -> Formats.write(new JsonlFormat(), path, failing));
        assertFalse(Files.exists(path));
        assertEquals(0, dir.toFile().list().length, "no temporary file is left behind");
    }
}
