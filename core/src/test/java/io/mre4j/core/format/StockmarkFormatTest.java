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
import java.util.Map;

import static io.mre4j.core.format.FormatTestSupport.fixture;
import static io.mre4j.core.format.FormatTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StockmarkFormatTest {
    private static Document sentence(String id, String curid, String text, List<Span> spans) {
        return new Document(id, "ja", text, List.of(), spans, List.of(), List.of(), Map.of("curid", curid));
    }

    @Test
    void readsEntitiesAsTypedSpansAndNumbersSentencesPerPage() {
        assertEquals(List.of(
                sentence("100-0", "100", "山田太郎は東京都に住む。",
                        List.of(new Span(0, 4, "人名"), new Span(5, 8, "地名"))),
                sentence("200-0", "200", "今日は晴れ。", List.of()),
                sentence("100-1", "100", "彼はアルファ社に勤める。", List.of(new Span(2, 7, "法人名")))),
                read("stockmark", fixture("stockmark/ner.json")));
    }

    @Test
    void reportsTheLineWhereEachElementStarts() {
        List<Integer> lines = new ArrayList<>();
        try (DocumentReader reader = new StockmarkFormat().open(fixture("stockmark/ner.json"), ReadOptions.DEFAULT)) {
            while (reader.next() != null) {
                lines.add(reader.line());
            }
        }
        assertEquals(List.of(2, 10, 15), lines);
    }

    @Test
    void detectsNerJsonFiles(@TempDir Path dir) throws IOException {
        StockmarkFormat format = new StockmarkFormat();
        assertTrue(format.detects(fixture("stockmark/ner.json")));
        Files.writeString(dir.resolve("wiki.ner.json"), "[]");
        Files.writeString(dir.resolve("other.json"), "[]");
        assertTrue(format.detects(dir.resolve("wiki.ner.json")));
        assertFalse(format.detects(dir.resolve("other.json")));
        assertFalse(format.detects(fixture("stockmark")));
    }

    @Test
    void aNameThatDoesNotMatchItsSpanIsAnErrorAtItsElement(@TempDir Path dir) throws IOException {
        Path file = write(dir, "[\n  {\"curid\": \"1\", \"text\": \"ABC\", \"entities\": []},\n"
                + "  {\"curid\": \"1\", \"text\": \"東京に行く\",\n"
                + "   \"entities\": [{\"name\": \"東京\", \"span\": [1, 3], \"type\": \"地名\"}]}\n]\n");
        DataException e = assertThrows(DataException.class, () -> read("stockmark", file));
        assertEquals(file + ":3: sentence '1-1': entities[0] name '東京' does not match the text at [1,3), "
                + "which reads '京に'", e.getMessage());
        assertTrue(e.recoverable());
    }

    @Test
    void aSpanPastTheEndOfTheTextIsAnError(@TempDir Path dir) throws IOException {
        Path file = write(dir, "[\n  {\"curid\": \"1\", \"text\": \"東京\",\n"
                + "   \"entities\": [{\"name\": \"東京\", \"span\": [0, 5], \"type\": \"地名\"}]}\n]\n");
        DataException e = assertThrows(DataException.class, () -> read("stockmark", file));
        assertEquals(file + ":2: sentence '1-0': entities[0] [0,5) is outside the text (length 2)", e.getMessage());
    }

    @Test
    void skippingABadElementKeepsTheNumberingOfTheRest(@TempDir Path dir) throws IOException {
        Path file = write(dir, "[\n  {\"curid\": \"1\", \"text\": \"A\", \"entities\": [{\"name\": \"B\", \"span\": [0, 1], "
                + "\"type\": \"x\"}]},\n  {\"curid\": \"1\", \"text\": \"C\", \"entities\": []}\n]\n");
        try (CheckedReader reader = Formats.open(new StockmarkFormat(), file, new ReadOptions(null, true))) {
            assertEquals("1-1", reader.next().id());
            assertEquals(null, reader.next());
            assertEquals(List.of(2), reader.skipped().stream().map(DataException::line).toList());
        }
    }

    @Test
    void aTruncatedArrayIsFatalAtTheLineWhereItEnds(@TempDir Path dir) throws IOException {
        Path file = write(dir, "[\n  {\"curid\": \"1\", \"text\": \"A\", \"entities\": []},\n  {\"curid\": \"2\",\n");
        List<String> ids = new ArrayList<>();
        DataException e = assertThrows(DataException.class, () -> {
            try (DocumentReader reader = new StockmarkFormat().open(file, ReadOptions.DEFAULT)) {
                for (Document d = reader.next(); d != null; d = reader.next()) {
                    ids.add(d.id());
                }
            }
        });
        assertEquals(List.of("1-0"), ids);
        assertTrue(e.getMessage().startsWith(file + ":4: malformed JSON: Unexpected end-of-input"), e.getMessage());
        assertFalse(e.recoverable());
    }

    @Test
    void somethingOtherThanAnArrayIsFatal(@TempDir Path dir) throws IOException {
        Path file = write(dir, "\n{\"curid\": \"1\"}\n");
        DataException e = assertThrows(DataException.class, () -> read("stockmark", file));
        assertEquals(file + ":2: expected a JSON array of sentences", e.getMessage());
        Path trailing = write(dir, "[]\n]\n");
        e = assertThrows(DataException.class, () -> read("stockmark", trailing));
        assertTrue(e.getMessage().startsWith(trailing + ":2: "), e.getMessage());
    }

    @Test
    void invalidUtf8IsFatalAtItsLine(@TempDir Path dir) throws IOException {
        byte[] head = "[\n  {\"curid\": \"1\",\n   \"text\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\", \"entities\": []}\n]\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("ner.json");
        Files.write(file, Semeval14FormatTest.concat(head, new byte[] {(byte) 0xE6, (byte) 0x9D}, tail));
        DataException e = assertThrows(DataException.class, () -> read("stockmark", file));
        assertEquals(file + ":3: invalid UTF-8: byte 0x22 cannot continue a multi-byte character", e.getMessage());
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "wiki", ".ner.json");
        Files.writeString(file, content);
        return file;
    }
}
