package io.mre4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prints the JSON lines of {@link PipelineBenchmark} as one Markdown table, in the order they were written. */
public final class ResultsTable {
    private ResultsTable() {
    }

    public static void main(String[] args) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                rows.add(DocumentJson.MAPPER.readTree(line));
            }
        }
        System.out.println("| data | system | TL acc | WL F1 | ALL | train s | batch docs/s | single p50 ms "
                + "| peak RSS MB |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (JsonNode r : rows) {
            System.out.printf("| %s | %s | %s | %s | %s | %s | %,d | %s | %,d |%n", r.get("dataset").asText(),
                    r.get("system").asText(), value(r, "tl"), value(r, "wl"), value(r, "all"),
                    String.format("%.1f", r.get("trainSeconds").asDouble()), r.get("batchDocsPerSecond").asLong(),
                    String.format("%.2f", r.get("singleP50Ms").asDouble()), r.get("peakRssMb").asLong());
        }
    }

    private static String value(JsonNode row, String field) {
        return row.has(field) ? String.format("%.2f", row.get(field).asDouble()) : "—";
    }
}
