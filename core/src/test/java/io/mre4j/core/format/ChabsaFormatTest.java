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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mre4j.core.format.FormatTestSupport.fixture;
import static io.mre4j.core.format.FormatTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChabsaFormatTest {
    private static Map<String, Object> opinion(int start, int end, String target, String category, String polarity) {
        Map<String, Object> opinion = new LinkedHashMap<>();
        opinion.put("start", start);
        opinion.put("end", end);
        opinion.put("target", target);
        opinion.put("category", category);
        opinion.put("polarity", polarity);
        return opinion;
    }

    private static Document sentence(String id, String text, String label, List<Span> spans, String company,
                                     String category17, List<Map<String, Object>> opinions) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("company", company);
        meta.put("category17", category17);
        meta.put("opinions", opinions);
        return new Document(id, "ja", text, List.of(label), spans, List.of(), List.of(), meta);
    }

    @Test
    void readsEverySentenceOfADirectoryInFileOrder() {
        String a = "テスト工業株式会社";
        String b = "見本商事株式会社";
        List<Document> expected = List.of(
                sentence("E00001-0", "売上高は増加しました", "positive", List.of(new Span(0, 3, "positive")), a, "機械",
                        List.of(opinion(0, 3, "売上高", "NULL#sales", "positive"),
                                opinion(0, 3, "売上高", "company#sales", "positive"))),
                sentence("E00001-1", "利益は減少し、費用は横ばいでした", "negative",
                        List.of(new Span(0, 2, "negative"), new Span(7, 9, "neutral")), a, "機械",
                        List.of(opinion(0, 2, "利益", "NULL#profit", "negative"),
                                opinion(7, 9, "費用", "NULL#cost", "neutral"))),
                sentence("E00001-2", "受注は好調だが、為替は悪化しました", "mixed",
                        List.of(new Span(0, 2, "conflict"), new Span(8, 10, "negative")), a, "機械",
                        List.of(opinion(8, 10, "為替", "market#general", "negative"),
                                opinion(0, 2, "受注", "NULL#sales", "positive"),
                                opinion(0, 2, "受注", "product#amount", "negative"))),
                sentence("E00001-3", "今後の見通しは不透明です", "none", List.of(), a, "機械", List.of()),
                sentence("E00002-0", "市場環境は変わりませんでした", "neutral", List.of(new Span(0, 4, "neutral")), b,
                        "商社・卸売", List.of(opinion(0, 4, "市場環境", "market#general", "neutral"))),
                sentence("E00002-1", "新製品が好評で、販売も伸びました", "positive",
                        List.of(new Span(0, 3, "positive"), new Span(8, 10, "neutral")), b, "商社・卸売",
                        List.of(opinion(0, 3, "新製品", "product#general", "positive"),
                                opinion(8, 10, "販売", "NULL#sales", "neutral"))));
        assertEquals(expected, read("chabsa", fixture("chabsa")));
    }

    @Test
    void readsASingleFile() {
        List<Document> docs = read("chabsa", fixture("chabsa/e00002_ann.json"));
        assertEquals(List.of("E00002-0", "E00002-1"), docs.stream().map(Document::id).toList());
    }

    @Test
    void reportsTheFileAndLineWhereEachSentenceStarts() {
        List<String> places = new ArrayList<>();
        try (DocumentReader reader = new ChabsaFormat().open(fixture("chabsa"), ReadOptions.DEFAULT)) {
            while (reader.next() != null) {
                places.add(Path.of(reader.source()).getFileName() + ":" + reader.line());
            }
        }
        assertEquals(List.of("e00001_ann.json:9", "e00001_ann.json:17", "e00001_ann.json:25", "e00001_ann.json:34",
                "e00002_ann.json:3", "e00002_ann.json:10"), places);
    }

    @Test
    void theSentenceLabelFollowsFromTheOpinionPolarities() {
        assertEquals("none", ChabsaFormat.sentenceLabel(List.of()));
        assertEquals("positive", ChabsaFormat.sentenceLabel(List.of("positive", "neutral", "positive")));
        assertEquals("negative", ChabsaFormat.sentenceLabel(List.of("neutral", "negative")));
        assertEquals("mixed", ChabsaFormat.sentenceLabel(List.of("negative", "neutral", "positive")));
        assertEquals("neutral", ChabsaFormat.sentenceLabel(List.of("neutral", "neutral")));
    }

    @Test
    void detectsAnnotationFilesAndDirectoriesHoldingThem(@TempDir Path dir) {
        ChabsaFormat format = new ChabsaFormat();
        assertTrue(format.detects(fixture("chabsa")));
        assertTrue(format.detects(fixture("chabsa/e00001_ann.json")));
        assertFalse(format.detects(fixture("chabsa/README.txt")));
        assertFalse(format.detects(dir));
    }

    @Test
    void aTargetThatDoesNotMatchItsOffsetsIsAnErrorAtItsSentence(@TempDir Path dir) throws IOException {
        Path file = write(dir, opinionFile("\"target\": \"利益\", \"category\": \"NULL#profit\", "
                + "\"polarity\": \"positive\", \"from\": 1, \"to\": 3"));
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertEquals(file + ":3: sentence 'E9-0': opinions[0] target '利益' does not match the sentence at [1,3), "
                + "which reads '益は'", e.getMessage());
        assertTrue(e.recoverable());
    }

    @Test
    void anOffsetPastTheEndOfTheSentenceIsAnError(@TempDir Path dir) throws IOException {
        Path file = write(dir, opinionFile("\"target\": \"利益\", \"category\": \"NULL#profit\", "
                + "\"polarity\": \"positive\", \"from\": 4, \"to\": 9"));
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertEquals(file + ":3: sentence 'E9-0': opinions[0] [4,9) is outside the sentence (length 6)",
                e.getMessage());
    }

    @Test
    void anUnknownPolarityIsAnError(@TempDir Path dir) throws IOException {
        Path file = write(dir, opinionFile("\"target\": \"利益\", \"category\": \"NULL#profit\", "
                + "\"polarity\": \"good\", \"from\": 0, \"to\": 2"));
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertEquals(file + ":3: sentence 'E9-0': opinions[0] has polarity 'good' (expected positive, negative or "
                + "neutral)", e.getMessage());
    }

    @Test
    void brokenJsonIsFatalAtTheLineWhereItBreaks(@TempDir Path dir) throws IOException {
        String whole = opinionFile("\"target\": \"利益\", \"category\": \"NULL#profit\", "
                + "\"polarity\": \"positive\", \"from\": 0, \"to\": 2");
        Path file = write(dir, whole.substring(0, whole.indexOf("\"opinions\"")));
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertTrue(e.getMessage().startsWith(file + ":4: malformed JSON: Unexpected end-of-input"), e.getMessage());
        assertFalse(e.recoverable());

        Path missingComma = write(dir, "{\"header\": {\"document_id\": \"E9\"}\n \"sentences\": []}\n");
        e = assertThrows(DataException.class, () -> read("chabsa", missingComma));
        assertTrue(e.getMessage().startsWith(missingComma + ":2: malformed JSON: "), e.getMessage());
    }

    @Test
    void aMissingHeaderIsFatal(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{\"sentences\": []}\n");
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertEquals(file + ":1: missing field 'header'", e.getMessage());
    }

    @Test
    void invalidUtf8IsFatalAtItsLine(@TempDir Path dir) throws IOException {
        byte[] text = opinionFile("\"target\": \"利益\", \"category\": \"NULL#profit\", "
                + "\"polarity\": \"positive\", \"from\": 0, \"to\": 2").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(text, "増".getBytes(StandardCharsets.UTF_8));
        text[at + 1] = (byte) 0x41;
        Path file = dir.resolve("e00009_ann.json");
        Files.write(file, text);
        DataException e = assertThrows(DataException.class, () -> read("chabsa", file));
        assertEquals(file + ":3: invalid UTF-8: byte 0x41 cannot continue a multi-byte character", e.getMessage());
    }

    @Test
    void aDirectoryWithoutAnnotationFilesIsAnError(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class, () -> read("chabsa", dir));
        assertEquals(dir + ": no *_ann.json files in this directory", e.getMessage());
    }

    /** A company file with one sentence, 利益は増えた, whose object starts on line 3, holding one opinion. */
    private static String opinionFile(String opinion) {
        return "{\"header\": {\"document_id\": \"E9\", \"document_name\": \"例\", \"category17\": \"機械\"},\n"
                + " \"sentences\": [\n"
                + "  {\"sentence_id\": 0, \"sentence\": \"利益は増えた\",\n"
                + "   \"opinions\": [{" + opinion + "}]}\n"
                + " ]}\n";
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "e", "_ann.json");
        Files.writeString(file, content);
        return file;
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
