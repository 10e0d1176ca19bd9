package io.mre4j.model.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Groups examples into batches of one token length each, so that no batch needs padding or masks: the recurrent
 * encoder, the pooling and the CRF then run on exact lengths. Short corpora of natural text have few distinct lengths,
 * so batches stay full.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * Batches of at most {@code size} examples of equal length. With a random source, the examples within each length
     * and the order of the batches are shuffled; without one, the order is deterministic (by length, then input order).
     */
    public static List<List<Example>> of(List<Example> examples, int size, Random random) {
        Map<Integer, List<Example>> byLength = new TreeMap<>();
        for (Example e : examples) {
            byLength.computeIfAbsent(e.length(), k -> new ArrayList<>()).add(e);
        }
        List<List<Example>> batches = new ArrayList<>();
        for (List<Example> group : byLength.values()) {
            if (random != null) {
                Collections.shuffle(group, random);
            }
            for (int i = 0; i < group.size(); i += size) {
                batches.add(List.copyOf(group.subList(i, Math.min(group.size(), i + size))));
            }
        }
        if (random != null) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }
}
