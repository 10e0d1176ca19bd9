package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mre4j fewshot} through the real command, on a tiny corpus written here, with the real MiniLM encoder. */
class FewshotCommandTest {
    private static final String[][] TRAIN = {
            {"play some jazz by miles davis", "PlayMusic", "miles davis", "artist"},
            {"play the new album by adele", "PlayMusic", "adele", "artist"},
            {"put on songs by queen", "PlayMusic", "queen", "artist"},
            {"weather in paris tomorrow", "GetWeather", "paris", "city"},
            {"will it rain in london", "GetWeather", "london", "city"},
            {"is it sunny in rome", "GetWeather", "rome", "city"},
            {"book a table for two", "BookRestaurant", "two", "party_size"},
            {"reserve a table at a sushi bar", "BookRestaurant", "sushi bar", "restaurant_type"},
    };
    private static final String[][] TEST = {
            {"play jazz by nina simone", "PlayMusic", "nina simone", "artist"},
            {"what is the weather in madrid", "GetWeather", "madrid", "city"},
            {"book a table for six people", "BookRestaurant", "six", "party_size"},
            {"play music by the beatles", "PlayMusic", "the beatles", "artist"},
    };

    @TempDir
    static Path dir;
    static Path train;
    static Path test;

    @BeforeAll
    static void writeData() throws IOException {
        train = Files.writeString(dir.resolve("train.jsonl"), jsonl(TRAIN, "en"));
        test = Files.writeString(dir.resolve("test.jsonl"), jsonl(TEST, "en"));
    }

    static String jsonl(String[][] rows, String lang) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.length; i++) {
            int start = rows[i][0].indexOf(rows[i][2]);
            sb.append(String.format("{\"id\":\"d%d\",\"lang\":\"%s\",\"text\":\"%s\",\"labels\":[\"%s\"],"
                            + "\"spans\":[{\"start\":%d,\"end\":%d,\"label\":\"%s\"}]}%n", i, lang, rows[i][0],
                    rows[i][1], start, start + rows[i][2].length(), rows[i][3]));
        }
        return sb.toString();
    }

    @Test
    void writesTheThreeReportsWithEveryMethodPerK() throws IOException {
        Path out = dir.resolve("report");
        Cli cli = Cli.run("fewshot", "--train", train, "--test", test, "--k", "1,2", "--seeds", 2, "--resamples", 200,
                "--out", out);
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.out().contains("| 1 |") && cli.out().contains("| 2 |"), cli.out());
        assertTrue(cli.out().contains("wrote " + out.resolve("report.html")), cli.out());
        assertTrue(cli.err().contains("fewshot") && cli.err().contains("minilm-en"), cli.err());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("accuracy"), html);
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched");
        JsonNode results = DocumentJson.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(2, results.get("results").size());
        assertEquals(2 * 2 * 3, results.get("runs").size(), "k x seeds x methods");
        assertTrue(results.get("encoder").asText().startsWith("minilm-en"), results.toString());
        JsonNode k1 = results.get("results").get(0);
        double acc = k1.get("baseline").get("tl.accuracy").get("mean").asDouble();
        assertTrue(acc >= 0 && acc <= 1 && k1.get("baseline").get("tl.accuracy").has("ciLow"), k1.toString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("mre4j fewshot --train"));
    }

    @Test
    void aLabelWithFewerThanKExamplesUsesWhatItHasAndIsReported() {
        Cli cli = Cli.run("fewshot", "--train", train, "--test", test, "--k", "3", "--seeds", 1, "--resamples", 50,
                "--out", dir.resolve("short"));
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.out().contains("k = 3: 1 label(s) have fewer than k training examples and use all they "
                + "have: {BookRestaurant=2}"), cli.out());
    }

    @Test
    void aBadKIsAUsageError() {
        for (String k : new String[] {"0", "x", "1,,5", "-3"}) {
            Cli cli = Cli.run("fewshot", "--train", train, "--test", test, "--k", k, "--out", dir.resolve("bad"));
            assertEquals(2, cli.code(), k + ": " + cli);
            assertTrue(cli.err().contains("--k takes positive whole numbers"), cli.err());
        }
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void aNegativeVerbalizerWeightIsAUsageError() {
        Cli cli = Cli.run("fewshot", "--train", train, "--test", test, "--verbalizer-weight", "-1", "--out",
                dir.resolve("w"));
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().contains("--verbalizer-weight must be a number of at least 0"), cli.err());
    }

    @Test
    void aMissingFileIsADataErrorNamingIt() {
        Path missing = dir.resolve("nope.jsonl");
        Cli cli = Cli.run("fewshot", "--train", missing, "--test", test, "--out", dir.resolve("none"));
        assertEquals(3, cli.code(), cli.toString());
        assertTrue(cli.err().contains(missing.toString()) && cli.err().contains("no such file"), cli.err());
    }

    @Test
    void aLanguageWithoutAnEncoderMustNameOne() throws IOException {
        Path ja = Files.writeString(dir.resolve("ja.jsonl"), jsonl(TRAIN, "ja"));
        Cli cli = Cli.run("fewshot", "--train", ja, "--test", ja, "--out", dir.resolve("ja"));
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().contains("no pretrained encoder for the data's language 'ja'")
                && cli.err().contains("--encoder"), cli.err());
        Cli unknown = Cli.run("fewshot", "--train", train, "--test", test, "--encoder", "bert", "--out",
                dir.resolve("x"));
        assertEquals(3, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown pretrained encoder 'bert'"), unknown.err());
    }
}
