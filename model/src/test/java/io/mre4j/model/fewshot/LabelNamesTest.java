package io.mre4j.model.fewshot;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelNamesTest {
    @Test
    void camelCaseAndSeparatorsBecomeLowerCaseWords() {
        assertEquals("play music", LabelNames.humanise("PlayMusic"));
        assertEquals("search screening event", LabelNames.humanise("SearchScreeningEvent"));
        assertEquals("fromloc city name", LabelNames.humanise("fromloc.city_name"));
        assertEquals("anecdotes miscellaneous neutral", LabelNames.humanise("anecdotes/miscellaneous#neutral"));
        assertEquals("play fm crosstalk", LabelNames.humanise("PlayFMCrosstalk"));
    }

    @Test
    void aPrefixEveryLabelSharesIsDropped() {
        Map<String, String> names = LabelNames.humanise(List.of("atis_flight", "atis_airfare", "atis_ground_service"));
        assertEquals(Map.of("atis_flight", "flight", "atis_airfare", "airfare", "atis_ground_service",
                "ground service"), names);
    }

    @Test
    void aSharedPrefixIsKeptWhenItIsNotWholeWordsOrLabelsDiffer() {
        assertEquals(Map.of("PlayMusic", "play music", "PlayPoem", "play poem"),
                LabelNames.humanise(List.of("PlayMusic", "PlayPoem")));
        assertEquals(Map.of("food#positive", "food positive", "service#negative", "service negative"),
                LabelNames.humanise(List.of("food#positive", "service#negative")));
        assertEquals(Map.of("flight", "flight"), LabelNames.humanise(List.of("flight")));
    }
}
