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
import static org.junit.jupiter.api.Assertions.assertThrows;

class XsidFormatTest {
    @Test
    void readsTokenRowsAsTheTextAndTheLanguageFromTheFileName() {
        List<Document> docs = read("xsid", fixture("xsid/ja.test.conll"));
        assertEquals(2, docs.size());
        Document first = docs.get(0);
        assertEquals("ja.test-7", first.id());
        assertEquals("ja", first.lang());
        assertEquals("七 時 に 起こし て", first.text());
        assertEquals(List.of("alarm/set_alarm"), first.labels());
        assertEquals(List.of(new Span(0, 3, "datetime")), first.spans());
        assertEquals("七時 に 起こし て", first.meta().get("text"));
        assertEquals("wake me at seven", first.meta().get("text-en"));
        assertEquals(List.of(new Span(0, 1, "weather/attribute")), docs.get(1).spans());
    }

    @Test
    void aRowWithTheWrongNumberOfColumnsNamesTheLine(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("en.test.conll");
        Files.writeString(path, "# intent = x\n1\thi\tx\tO\n2\tthere\tx\n");
        DataException e = assertThrows(DataException.class, () -> read("xsid", path));
        assertEquals(path + ":3: expected 4 tab-separated columns (index, token, intent, tag) but found 3",
                e.getMessage());
    }
}
