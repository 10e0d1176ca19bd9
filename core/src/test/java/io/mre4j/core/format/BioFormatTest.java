package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.tag.TagScheme;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class BioFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsBioesCharactersWithoutSpacesAndTheParallelIntents() {
        List<Document> docs = read("bio", fixture("bio/ch.fixture"));
        assertEquals(2, docs.size());
        Document first = docs.get(0);
        assertEquals("ch.fixture-1", first.id());
        assertEquals("zh", first.lang());
        assertEquals("我想听周小明的歌", first.text());
        assertEquals(List.of("PlayMusic"), first.labels());
        assertEquals(List.of(new Span(3, 6, "singer")), first.spans());
        assertEquals(List.of(new Span(2, 3, "poem")), docs.get(1).spans());
    }

    @Test
    void detectsAFileWithAParallelIntentFile() {
        assertTrue(new BioFormat().detects(fixture("bio/ch.fixture")));
    }

    @Test
    void aSpaceTokenIsKeptInCharacterText() throws IOException {
        Path path = dir.resolve("x.bio");
        Files.writeString(path, "播 O\n放 O\n  O\nA B-song\n\n");
        Document d = read("bio", path).get(0);
        assertEquals("播放 A", d.text());
        assertEquals(List.of(new Span(3, 4, "song")), d.spans());
    }

    @Test
    void wordTokensAreJoinedBySpaces() throws IOException {
        Path path = dir.resolve("x.bio");
        Files.writeString(path, "play\tO\nsome\tO\nabba\tB-artist\n");
        Document d = read("bio", path).get(0);
        assertEquals("play some abba", d.text());
        assertEquals("en", d.lang());
        assertEquals(List.of(new Span(10, 14, "artist")), d.spans());
    }

    @Test
    void aLineWithoutATagNamesTheLine() throws IOException {
        Path path = dir.resolve("x.bio");
        Files.writeString(path, "a O\nb\n");
        DataException e = assertThrows(DataException.class, () -> read("bio", path));
        assertEquals(path + ":2: expected 'token tag' but found 'b'", e.getMessage());
    }

    @Test
    void fewerIntentLinesThanSentencesIsAnError() throws IOException {
        Path path = dir.resolve("x.bio");
        Files.writeString(path, "a O\n\nb O\n");
        Files.writeString(dir.resolve("x.bio.intent"), "one\n");
        DataException e = assertThrows(DataException.class, () -> read("bio", path));
        assertTrue(e.getMessage().startsWith(dir.resolve("x.bio.intent") + ":2: no intent for sentence 2"),
                e.getMessage());
    }

    @Test
    void moreIntentLinesThanSentencesIsAnError() throws IOException {
        Path path = dir.resolve("x.bio");
        Files.writeString(path, "a O\n");
        Files.writeString(dir.resolve("x.bio.intent"), "one\ntwo\n");
        DataException e = assertThrows(DataException.class, () -> read("bio", path));
        assertTrue(e.getMessage().contains("more intent lines than sentences"), e.getMessage());
    }

    @Test
    void writesBioesAndAnIntentFileThatReadBackTheSame() throws IOException {
        List<Document> docs = read("bio", fixture("bio/ch.fixture"));
        Path out = dir.resolve("out.bio");
        Formats.write(new BioFormat(TagScheme.BIOES), out, docs);
        assertEquals("我 O\n想 O\n听 O\n周 B-singer\n小 I-singer\n明 E-singer\n的 O\n歌 O\n\n放 O\n首 O\n诗 S-poem\n\n",
                Files.readString(out));
        assertEquals("PlayMusic\nPlayPoem\n", Files.readString(dir.resolve("out.bio.intent")));
        List<Document> again = read("bio", out);
        assertEquals(docs.get(0).spans(), again.get(0).spans());
        assertEquals(docs.get(1).labels(), again.get(1).labels());
    }

    @Test
    void overlappingSpansCannotBeWritten() {
        Document d = Document.of("o", "en", "new york city", List.of(),
                List.of(new Span(0, 8, "city"), new Span(4, 13, "city")));
        DataException e = assertThrows(DataException.class,
                () -> Formats.write(new BioFormat(), dir.resolve("o.bio"), List.of(d)));
        assertTrue(e.getMessage().startsWith("document 'o': overlapping spans cannot be written as bio"));
        assertTrue(Files.notExists(dir.resolve("o.bio")));
    }
}
