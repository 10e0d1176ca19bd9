package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.LineSource;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.PretokenisedText;
import io.mre4j.core.token.SpanEdgeSplitter;
import io.mre4j.core.token.Token;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The joint intent and slot format of ATIS and SNIPS (Goo et al. 2018): a directory holding {@code seq.in}
 * (space-separated words), {@code seq.out} (one BIO tag per word) and {@code label} (the intent; several written
 * {@code a#b}), one utterance per line in each. Documents are named {@code <corpus>-<split>-<line>}, such as
 * {@code atis-test-17}, after the directory and its parent.
 */
public final class AtisFormat implements WritableFormat {
    private static final String WORDS = "seq.in";
    private static final String TAGS = "seq.out";
    private static final String LABELS = "label";

    @Override
    public String name() {
        return "atis";
    }

    @Override
    public String description() {
        return "ATIS/SNIPS directory with seq.in, seq.out (BIO) and label files";
    }

    @Override
    public boolean detects(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(WORDS));
    }

    @Override
    public DocumentReader open(Path dir, ReadOptions options) {
        if (!Files.isDirectory(dir)) {
            throw DataException.fatal(dir.toString(), 0, "not a directory (atis expects a directory with "
                    + WORDS + ", " + TAGS + " and " + LABELS + ")", null);
        }
        LineSource words = LineSource.open(dir.resolve(WORDS));
        LineSource tags = LineSource.open(dir.resolve(TAGS));
        LineSource labels = LineSource.open(dir.resolve(LABELS));
        Path absolute = dir.toAbsolutePath().normalize();
        String prefix = (absolute.getParent() != null && absolute.getParent().getFileName() != null
                ? absolute.getParent().getFileName() + "-" : "") + absolute.getFileName();
        String lang = options.langOr("en");
        return new DocumentReader() {
            @Override
            public Document next() {
                String wordLine = words.next();
                String tagLine = tags.next();
                String labelLine = labels.next();
                if (wordLine == null && tagLine == null && labelLine == null) {
                    return null;
                }
                if (wordLine == null || tagLine == null || labelLine == null) {
                    LineSource shortest = wordLine == null ? words : tagLine == null ? tags : labels;
                    throw DataException.fatal(shortest.name(), shortest.line() + 1,
                            "file ends early: the files of an atis directory must have the same number of lines",
                            null);
                }
                List<String> tokens = TaggedSentences.whitespaceFields(wordLine);
                List<String> tagTexts = TaggedSentences.whitespaceFields(tagLine);
                if (tokens.size() != tagTexts.size()) {
                    throw new DataException(tags.name(), tags.line(), tokens.size() + " words in " + WORDS
                            + " but " + tagTexts.size() + " tags");
                }
                List<Tag> parsed = TaggedSentences.parseTags(tagTexts, tags.name(), tags.line());
                return TaggedSentences.document(prefix + "-" + words.line(), lang,
                        PretokenisedText.join(tokens, " "), parsed, TaggedSentences.splitLabels(labelLine));
            }

            @Override
            public String source() {
                return words.name();
            }

            @Override
            public int line() {
                return words.line();
            }

            @Override
            public void close() {
                words.close();
                tags.close();
                labels.close();
            }
        };
    }

    /** Writes whitespace-separated words, split further wherever a span edge falls inside a word. */
    @Override
    public DocumentWriter create(Path dir, AtomicOutput output) {
        Writer words = output.open(dir.resolve(WORDS));
        Writer tags = output.open(dir.resolve(TAGS));
        Writer labels = output.open(dir.resolve(LABELS));
        return d -> {
            List<Token> tokens = SpanEdgeSplitter.whitespaceTokens(d.text(), d.spans());
            List<Tag> tagList = TaggedSentences.tags(d, tokens, TagScheme.BIO, name());
            StringBuilder w = new StringBuilder();
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0) {
                    w.append(' ');
                    t.append(' ');
                }
                w.append(tokens.get(i).surface(d.text()));
                t.append(tagList.get(i));
            }
            TaggedSentences.write(words, w.append('\n').toString());
            TaggedSentences.write(tags, t.append('\n').toString());
            TaggedSentences.write(labels, TaggedSentences.joinLabels(d) + "\n");
        };
    }
}
