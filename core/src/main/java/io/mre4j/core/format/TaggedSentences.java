package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.MreException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.PretokenisedText;
import io.mre4j.core.token.Token;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** What the tagged formats (ATIS, xSID, BIO) share: tags parsed with file:line errors, and spans written as tags. */
final class TaggedSentences {
    private TaggedSentences() {
    }

    /** Parses tag strings; a malformed one is an error at {@code source:line}. */
    static List<Tag> parseTags(List<String> texts, String source, int line) {
        List<Tag> tags = new ArrayList<>(texts.size());
        for (String text : texts) {
            Tag tag = Tag.parse(text);
            if (tag == null) {
                throw new DataException(source, line, "'" + text + "' is not a BIO/BIOES tag (expected O, B-x, I-x, "
                        + "E-x or S-x)");
            }
            tags.add(tag);
        }
        return tags;
    }

    /** A document from tokens and their tags. */
    static Document document(String id, String lang, PretokenisedText text, List<Tag> tags, List<String> labels) {
        return Document.of(id, lang, text.text(), labels, SpanTagger.decode(text.tokens(), tags));
    }

    /** The tags of {@code d} over {@code tokens}; a span that cannot be written is an error naming the document. */
    static List<Tag> tags(Document d, List<Token> tokens, TagScheme scheme, String format) {
        SpanTagger.Encoding encoding = SpanTagger.encode(tokens, d.spans(), scheme);
        if (!encoding.overlapping().isEmpty()) {
            throw new DataException("document '" + d.id() + "': overlapping spans cannot be written as " + format
                    + " (first: " + encoding.overlapping().get(0) + ")");
        }
        return encoding.tags();
    }

    static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new MreException("cannot write: " + e.getMessage(), e);
        }
    }

    /** Text labels joined the ATIS way, {@code a#b} for several. */
    static String joinLabels(Document d) {
        return String.join("#", d.labels());
    }

    static List<String> splitLabels(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("#"));
    }

    static List<String> whitespaceFields(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }
}
