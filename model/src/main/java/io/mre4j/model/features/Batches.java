package io.mre4j.model.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Groups examples into batches. Training uses batches of one token length each ({@link #of}), so that no batch needs
 * padding or masks: the recurrent encoder, the pooling and the CRF loss run on exact lengths, and short corpora of
 * natural text have few distinct lengths, so batches stay full. Prediction uses batches of similar lengths
 * ({@link #padded}), padded and masked by the network: a mixed set of texts (a server's concurrent requests, a file of
 * varied texts) then takes as few forward passes as its size allows instead of one or more per distinct length.
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

    /**
     * Batches of at most {@code size} examples of similar length, in a deterministic order: the examples sorted by
     * length (stable, so equal lengths keep their input order) and cut into consecutive runs.
     */
    public static List<List<Example>> padded(List<Example> examples, int size) {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(Example::length));
        List<List<Example>> batches = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += size) {
            batches.add(List.copyOf(sorted.subList(i, Math.min(sorted.size(), i + size))));
        }
        return batches;
    }
}
