package io.mre4j.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingOptionsTest {
    private static String name(String path) {
        TrainingOptions options = new TrainingOptions();
        options.train = Path.of(path);
        return options.taskName();
    }

    @Test
    void theTaskIsNamedAfterTheNearestPathPartThatIsNotASplit() {
        assertEquals("atis", name("data/atis/train"));
        assertEquals("cais", name("data/cais/train/ch.train"));
        assertEquals("xsid", name("data/xsid/ja.test.conll"));
        assertEquals("Restaurants_Train", name("data/semeval/Restaurants_Train.xml"));
        assertEquals("chabsa-dev", name("data/chabsa-dev"));
        assertEquals("my-corpus", name("my-corpus.jsonl"));
    }
}
