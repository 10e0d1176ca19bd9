package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.LineBlocks;
import io.mre4j.core.io.LineSource;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.token.PretokenisedText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CoNLL-style files of xSID (van der Goot et al. 2021): {@code # key = value} comments ({@code # id},
 * {@code # text}, {@code # intent}), then rows {@code index TAB token TAB intent TAB BIO-tag}, with a blank line
 * between utterances. The token rows are the annotation: the text is the tokens joined by single spaces (the
 * {@code # text} comment, whose spacing differs, is kept in {@code meta.text}). The language is the file name's
 * prefix ({@code ja.test.conll}). Documents are named {@code <file>-<id>}, such as {@code ja.test-2}.
 */
public final class XsidFormat implements DocumentFormat {
    private static final String EXTENSION = ".conll";

    @Override
    public String name() {
        return "xsid";
    }

    @Override
    public String description() {
        return "xSID CoNLL file with # text / # intent comments and index, token, intent, BIO-tag rows (.conll)";
    }

    @Override
    public boolean detects(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(EXTENSION)
                && Files.isRegularFile(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        LineBlocks blocks = new LineBlocks(LineSource.open(path));
        String fileName = path.getFileName().toString();
        String base = fileName.endsWith(EXTENSION) ? fileName.substring(0, fileName.length() - EXTENSION.length())
                : fileName;
        String lang = options.langOr(base.contains(".") ? base.substring(0, base.indexOf('.')) : "");
        return new DocumentReader() {
            private int ordinal;

            @Override
            public Document next() {
                List<String> block = blocks.next();
                if (block == null) {
                    return null;
                }
                Map<String, String> comments = new LinkedHashMap<>();
                List<String> tokens = new ArrayList<>();
                List<String> tagTexts = new ArrayList<>();
                for (int i = 0; i < block.size(); i++) {
                    String line = block.get(i);
                    if (line.startsWith("#")) {
                        comment(line, comments);
                        continue;
                    }
                    String[] columns = line.split("\t", -1);
                    if (columns.length != 4) {
                        throw new DataException(blocks.name(), blocks.start() + i, "expected 4 tab-separated "
                                + "columns (index, token, intent, tag) but found " + columns.length);
                    }
                    if (columns[1].isBlank()) {
                        throw new DataException(blocks.name(), blocks.start() + i, "empty token");
                    }
                    tokens.add(columns[1]);
                    tagTexts.add(columns[3].strip());
                    comments.putIfAbsent("intent", columns[2].strip());
                }
                ordinal++;
                if (tokens.isEmpty()) {
                    throw new DataException(blocks.name(), blocks.start(), "utterance has no token rows");
                }
                List<Tag> tags = TaggedSentences.parseTags(tagTexts, blocks.name(), blocks.start());
                String id = base + "-" + comments.getOrDefault("id", String.valueOf(ordinal));
                Document d = TaggedSentences.document(id, lang, PretokenisedText.join(tokens, " "), tags,
                        TaggedSentences.splitLabels(comments.getOrDefault("intent", "")));
                Map<String, Object> meta = new LinkedHashMap<>();
                comments.forEach((key, value) -> {
                    if (key.startsWith("text")) {
                        meta.put(key, value);
                    }
                });
                return d.withMeta(meta);
            }

            @Override
            public String source() {
                return blocks.name();
            }

            @Override
            public int line() {
                return blocks.start();
            }

            @Override
            public void close() {
                blocks.close();
            }
        };
    }

    private static void comment(String line, Map<String, String> comments) {
        String body = line.substring(1).strip();
        int equals = body.indexOf(" = ");
        if (equals > 0) {
            comments.put(body.substring(0, equals).strip(), body.substring(equals + 3).strip());
        }
    }
}
