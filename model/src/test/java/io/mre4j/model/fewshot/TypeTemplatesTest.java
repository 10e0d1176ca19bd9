package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mre4j.model.fewshot.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TypeTemplatesTest {
    @Test
    void spansBecomeTheirTypesReadableNames() {
        Document d = doc("a", "atis_flight", "fly from boston to denver", "boston", "fromloc.city_name", "denver",
                "toloc.city_name");
        Map<String, String> names = TypeTemplates.typeNames(List.of(d));
        assertEquals("fly from fromloc city name to toloc city name", TypeTemplates.of(d, names));
    }

    @Test
    void chineseTextKeepsItsCharactersAroundTheTypeName() {
        Document d = doc("z", "PlayMusic", "我要听周杰伦的歌", "周杰伦", "singer_name");
        assertEquals("我要听singer name的歌", TypeTemplates.of(d, TypeTemplates.typeNames(List.of(d))));
    }

    @Test
    void ofOverlappingSpansTheFirstWinsAndATextWithoutSpansStaysAsItIs() {
        Document d = Document.of("o", "en", "new york city", List.of("x"),
                List.of(new Span(0, 8, "city"), new Span(4, 13, "place")));
        assertEquals("city city", TypeTemplates.of(d, Map.of("city", "city", "place", "place")));
        Document plain = doc("p", "x", "hello there");
        assertEquals("hello there", TypeTemplates.of(plain, Map.of()));
    }
}
