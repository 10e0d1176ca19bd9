package io.mre4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny flight corpus that the command tests train on: six texts, two labels, one city span each. */
final class TinyCorpus {
    private static final String[][] ROWS = {
            {"fly from boston to denver", "flight", "boston"},
            {"flights from dallas to miami", "flight", "dallas"},
            {"book a flight from denver", "flight", "denver"},
            {"cheapest fare to seattle", "airfare", "seattle"},
            {"what is the fare to miami", "airfare", "miami"},
            {"price of a ticket to boston", "airfare", "boston"},
    };

    private TinyCorpus() {
    }

    /** Writes the corpus as {@code train.jsonl} in {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < ROWS.length; i++) {
            int start = ROWS[i][0].indexOf(ROWS[i][2]);
            jsonl.append(String.format("{\"id\":\"d%d\",\"lang\":\"en\",\"text\":\"%s\",\"labels\":[\"%s\"],"
                            + "\"spans\":[{\"start\":%d,\"end\":%d,\"label\":\"city\"}]}%n", i, ROWS[i][0], ROWS[i][1],
                    start, start + ROWS[i][2].length()));
        }
        return Files.writeString(dir.resolve("train.jsonl"), jsonl);
    }
}
