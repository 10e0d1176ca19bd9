package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    private static final String GOOD =
            "{\"id\":\"a\",\"lang\":\"en\",\"text\":\"fly to boston\",\"labels\":[\"flight\"],"
                    + "\"spans\":[{\"start\":7,\"end\":13,\"label\":\"city\"}]}\n"
                    + "{\"id\":\"b\",\"lang\":\"en\",\"text\":\"cheapest fare to denver\",\"labels\":[\"airfare\"],"
                    + "\"spans\":[{\"start\":17,\"end\":23,\"label\":\"city\"}]}\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path;
    }

    private static JsonNode json(String text) throws IOException {
        return DocumentJson.MAPPER.readTree(text);
    }

    @Test
    void helpListsEverySubcommand() {
        Cli cli = Cli.run("--help");
        assertEquals(0, cli.code());
        for (String command : List.of("demo", "convert", "stats", "validate", "eval")) {
            assertTrue(cli.out().contains("  " + command + " "), command + " missing from\n" + cli.out());
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertEquals(2, Cli.run("frobnicate").code());
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        Path in = write("in.jsonl", GOOD);
        Cli cli = Cli.run("convert", "--to", "nope", in, dir.resolve("out.x"));
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().startsWith("mre4j: unknown format 'nope' (known: "), cli.err());
    }

    @Test
    void convertWritesAtisAndReadsItBack() throws IOException {
        Path in = write("in.jsonl", GOOD);
        Cli cli = Cli.run("convert", "--to", "atis", in, dir.resolve("atis/test"));
        assertEquals(0, cli.code(), cli.toString());
        assertEquals("fly to boston\ncheapest fare to denver\n", Files.readString(dir.resolve("atis/test/seq.in")));
        assertEquals("O O B-city\nO O O B-city\n", Files.readString(dir.resolve("atis/test/seq.out")));
        Cli back = Cli.run("convert", "--to", "jsonl", dir.resolve("atis/test"), dir.resolve("back.jsonl"));
        assertEquals(0, back.code(), back.toString());
        assertTrue(Files.readString(dir.resolve("back.jsonl")).startsWith("{\"id\":\"atis-test-1\",\"lang\":\"en\","
                + "\"text\":\"fly to boston\",\"labels\":[\"flight\"],\"spans\":[{\"start\":7,\"end\":13,"));
    }

    @Test
    void statsJsonHasTheContractKeys() throws IOException {
        Cli cli = Cli.run("stats", write("in.jsonl", GOOD), "--json");
        assertEquals(0, cli.code(), cli.toString());
        JsonNode stats = json(cli.out());
        assertEquals(2, stats.get("documents").asInt());
        assertEquals(2, stats.get("spans").asInt());
        assertEquals(1, stats.get("textLabels").get("flight").asInt());
        assertEquals(2, stats.get("spanLabels").get("city").asInt());
        assertEquals(0, stats.get("misalignedSpans").asInt());
    }

    @Test
    void statsCountsASpanWhoseEdgeFallsInsideAToken() throws IOException {
        Path in = write("in.jsonl", "{\"id\":\"a\",\"lang\":\"en\",\"text\":\"flying to bostonia\","
                + "\"spans\":[{\"start\":10,\"end\":16,\"label\":\"city\"}]}\n");
        Cli cli = Cli.run("stats", in, "--json");
        assertEquals(1, json(cli.out()).get("misalignedSpans").asInt());
        assertTrue(Cli.run("stats", in).out().contains("a [10,16) city 'boston' in tokens 'bostonia'"));
    }

    @Test
    void validatePassesGoodDataAndFailsOverlapsWithExit3() throws IOException {
        assertEquals(0, Cli.run("validate", write("in.jsonl", GOOD)).code());
        Path overlap = write("overlap.jsonl", "{\"id\":\"a\",\"text\":\"new york\",\"spans\":[{\"start\":0,\"end\":8,"
                + "\"label\":\"c\"},{\"start\":4,\"end\":8,\"label\":\"s\"}]}\n");
        Cli cli = Cli.run("validate", overlap);
        assertEquals(3, cli.code(), cli.toString());
        assertTrue(cli.err().startsWith(overlap + ":1: document 'a': spans [0,8) 'c' and [4,8) 's' overlap"));
        assertEquals(0, Cli.run("validate", "--allow-overlap", overlap).code());
    }

    @Test
    void validateReportsEveryBadRecordNotJustTheFirst() throws IOException {
        Path bad = write("bad.jsonl", "{\"id\":\"a\"}\n" + GOOD + "{oops\n");
        Cli cli = Cli.run("validate", bad);
        assertEquals(3, cli.code());
        assertTrue(cli.err().contains(bad + ":1: missing field 'text'"), cli.err());
        assertTrue(cli.err().contains(bad + ":4: invalid JSON"), cli.err());
        assertTrue(cli.err().contains("invalid: 2 problem(s)"), cli.err());
    }

    @Test
    void validateChecksLabelsAgainstASchema() throws IOException {
        Path schema = write("schema.json", "{\"name\":\"t\",\"languages\":[\"en\"],\"multiLabel\":false,"
                + "\"textLabels\":[\"flight\"],\"spanLabels\":[\"city\"],\"relationLabels\":[],\"eventTypes\":[],"
                + "\"overlappingSpans\":false}");
        Cli cli = Cli.run("validate", "--schema", schema, write("in.jsonl", GOOD));
        assertEquals(3, cli.code());
        assertTrue(cli.err().contains(":2: document 'b': labels[0] 'airfare' is not a text label of schema 't'"));
    }

    @Test
    void evalOfGoldAgainstItselfIsPerfect() throws IOException {
        Path gold = write("gold.jsonl", GOOD);
        Cli cli = Cli.run("eval", "--gold", gold, "--pred", gold, "--json");
        assertEquals(0, cli.code(), cli.toString());
        JsonNode scores = json(cli.out());
        for (String key : List.of("tl.accuracy", "tl.microF1", "tl.macroF1", "wl.precision", "wl.recall", "wl.f1",
                "wl.spanF1", "all.exactMatch")) {
            assertEquals(1.0, scores.get(key).asDouble(), key);
        }
    }

    @Test
    void evalCountsAMissingPredictionAsWrongAndSaysSo() throws IOException {
        Path gold = write("gold.jsonl", GOOD);
        Path pred = write("pred.jsonl", GOOD.substring(0, GOOD.indexOf('\n') + 1));
        Cli cli = Cli.run("eval", "--gold", gold, "--pred", pred, "--json");
        assertEquals(0, cli.code(), cli.toString());
        JsonNode scores = json(cli.out());
        assertEquals(0.5, scores.get("tl.accuracy").asDouble());
        assertEquals(0.5, scores.get("all.exactMatch").asDouble());
        assertEquals(1.0, scores.get("wl.precision").asDouble());
        assertEquals(0.5, scores.get("wl.recall").asDouble());
        assertEquals(1, scores.get("missing").asInt());
        assertTrue(cli.err().contains("1 gold document(s) have no prediction; counted as wrong"));
    }

    @Test
    void brokenJsonIsOneLineWithFileAndLineAndExit3AndNoOutput() throws IOException {
        Path in = write("in.jsonl", GOOD + "{\"id\":\"c\",\"text\":\n");
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("convert", "--to", "jsonl", in, out);
        assertBadInput(cli, in + ":3: invalid JSON", out);
    }

    @Test
    void anOffsetPastTheEndIsExit3AndNoOutput() throws IOException {
        Path in = write("in.jsonl", GOOD + "{\"id\":\"c\",\"text\":\"ab\",\"spans\":[{\"start\":0,\"end\":5,"
                + "\"label\":\"x\"}]}\n");
        Path out = dir.resolve("out.slg.jsonl");
        assertBadInput(Cli.run("convert", "--to", "slg", in, out), in + ":3: document 'c': spans[0] [0,5) is outside",
                out);
    }

    @Test
    void unequalTokensAndTagsIsExit3AndNoOutput() throws IOException {
        write("atis/seq.in", "a b\nc d\n");
        write("atis/seq.out", "O O\nO\n");
        write("atis/label", "x\ny\n");
        Path out = dir.resolve("out.jsonl");
        assertBadInput(Cli.run("convert", "--to", "jsonl", dir.resolve("atis"), out),
                dir.resolve("atis/seq.out") + ":2: 2 words in seq.in but 1 tags", out);
    }

    @Test
    void truncatedXmlIsExit3AndNoOutput() throws IOException {
        Path in = write("r.xml", "<?xml version=\"1.0\"?>\n<sentences>\n  <sentence id=\"1\">\n    <text>Good food"
                + ".</text>\n  </sentence>\n  <sentence id=\"2\">\n    <text>Bad");
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("convert", "--to", "jsonl", in, out);
        assertEquals(3, cli.code(), cli.toString());
        assertTrue(cli.err().startsWith("mre4j: " + in + ":"), cli.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void invalidUtf8IsExit3AndNoOutput() throws IOException {
        Path in = dir.resolve("in.jsonl");
        byte[] head = GOOD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xFF;
        bytes[head.length + 1] = (byte) 0xFE;
        bytes[head.length + 2] = '\n';
        Files.write(in, bytes);
        Path out = dir.resolve("out.jsonl");
        assertBadInput(Cli.run("convert", "--to", "jsonl", in, out), in + ":3: invalid UTF-8", out);
    }

    @Test
    void aFailedConvertLeavesAnExistingOutputUntouched() throws IOException {
        Path out = write("out.jsonl", "precious\n");
        Path in = write("in.jsonl", GOOD + "{broken\n");
        assertEquals(3, Cli.run("convert", "--to", "jsonl", in, out).code());
        assertEquals("precious\n", Files.readString(out));
    }

    @Test
    void skipInvalidConvertsTheRestAndReportsEverySkippedRecord() throws IOException {
        Path in = write("in.jsonl", "{broken\n" + GOOD);
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("convert", "--to", "jsonl", "--skip-invalid", in, out);
        assertEquals(0, cli.code(), cli.toString());
        assertEquals(2, Files.readAllLines(out).size());
        assertTrue(cli.err().contains("skipped 1 invalid record(s):"), cli.err());
        assertTrue(cli.err().contains(in + ":1: invalid JSON"), cli.err());
    }

    @Test
    void aMissingInputIsExit3NamingIt() {
        Path missing = dir.resolve("missing.jsonl");
        Cli cli = Cli.run("stats", missing);
        assertEquals(3, cli.code());
        assertEquals("mre4j: " + missing + ": no such file or directory\n", cli.err());
    }

    @Test
    void anUndetectableFormatAsksForFormat() throws IOException {
        Cli cli = Cli.run("stats", write("data.txt", "hello"));
        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("give --format"), cli.err());
    }

    @Test
    void demoTrainsEvaluatesAndPredictsInEnglishAndJapanese() {
        Cli cli = Cli.run("demo");
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.out().contains("== Joint model on the held-out test documents"), cli.out());
        assertTrue(cli.out().contains("| TL accuracy | WL F1 | ALL |"), cli.out());
        assertTrue(cli.out().contains("Kestrel Airlines will add daily flights"), cli.out());
        assertTrue(cli.out().contains("ミライ電機は来月"), cli.out());
        assertTrue(cli.out().contains("    label  "), cli.out());
    }

    private static void assertBadInput(Cli cli, String messageStart, Path output) {
        assertEquals(3, cli.code(), cli.toString());
        assertTrue(cli.err().startsWith("mre4j: " + messageStart), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
        assertFalse(Files.exists(output), "no partial output");
    }
}
