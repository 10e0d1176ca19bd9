package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.util.ArrayList;
import java.util.List;

/** Small corpora written for these tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A document whose spans are given as (surface, type) pairs found in {@code text} left to right. */
    static Document doc(String id, String label, String text, String... surfaceTypePairs) {
        List<Span> spans = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < surfaceTypePairs.length; i += 2) {
            int start = text.indexOf(surfaceTypePairs[i], from);
            if (start < 0) {
                throw new IllegalArgumentException(surfaceTypePairs[i] + " is not in " + text);
            }
            spans.add(new Span(start, start + surfaceTypePairs[i].length(), surfaceTypePairs[i + 1]));
            from = start + surfaceTypePairs[i].length();
        }
        return Document.of(id, "en", text, label == null ? List.of() : List.of(label.split("\\+")), spans);
    }

    /** Three intents, four training examples each, with slots. */
    static List<Document> train() {
        return List.of(
                doc("t1", "PlayMusic", "play some jazz by miles davis", "jazz", "genre", "miles davis", "artist"),
                doc("t2", "PlayMusic", "play the new album by adele", "adele", "artist"),
                doc("t3", "PlayMusic", "put on rock music", "rock", "genre"),
                doc("t4", "PlayMusic", "play songs by queen", "queen", "artist"),
                doc("t5", "GetWeather", "weather in paris tomorrow", "paris", "city", "tomorrow", "date"),
                doc("t6", "GetWeather", "will it rain in london", "rain", "condition", "london", "city"),
                doc("t7", "GetWeather", "is it sunny in rome today", "sunny", "condition", "rome", "city"),
                doc("t8", "GetWeather", "forecast for berlin", "berlin", "city"),
                doc("t9", "BookRestaurant", "book a table in paris for two", "paris", "city", "two", "party_size"),
                doc("t10", "BookRestaurant", "reserve a table at a sushi bar", "sushi bar", "restaurant_type"),
                doc("t11", "BookRestaurant", "book a restaurant for four people", "four", "party_size"),
                doc("t12", "BookRestaurant", "table for two at an italian restaurant tonight", "two", "party_size",
                        "italian", "cuisine", "tonight", "date"));
    }

    static List<Document> test() {
        return List.of(
                doc("s1", "PlayMusic", "play jazz by nina simone", "jazz", "genre", "nina simone", "artist"),
                doc("s2", "GetWeather", "weather in madrid today", "madrid", "city", "today", "date"),
                doc("s3", "BookRestaurant", "book a table for six", "six", "party_size"),
                doc("s4", "PlayMusic", "play music by the beatles", "the beatles", "artist"),
                doc("s5", "GetWeather", "will it be sunny tomorrow", "sunny", "condition", "tomorrow", "date"),
                doc("s6", "BookRestaurant", "reserve a table at a steak house", "steak house", "restaurant_type"));
    }
}
